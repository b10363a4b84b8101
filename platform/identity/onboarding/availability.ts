/**
 * What must be free before a store can apply or be approved: its credit code in the district (no store, no other
 * pending application) and the owner's login across the platform. The database enforces the credit code too
 * (core.organisations unique (tenant_id, credit_code), a partial unique index on pending applications); these
 * checks give the applicant a message naming the field.
 */
import type { Transaction } from "kysely";
import type { CoreDatabase } from "../../db/schema.ts";
import { IdentityRequestError } from "../users.ts";
import { asAuth } from "../with-auth.ts";

export const PENDING_CREDIT_CODE_INDEX = "store_applications_pending_credit_code";
export const STORE_CREDIT_CODE_KEY = "organisations_tenant_id_credit_code_key";

export function storeExists(): IdentityRequestError {
  return new IdentityRequestError("creditCode", "a store with this credit code is already in this district", 409);
}

export function applicationPending(): IdentityRequestError {
  return new IdentityRequestError(
    "creditCode",
    "an application with this credit code is already waiting for review in this district",
    409,
  );
}

export function loginTaken(): IdentityRequestError {
  return new IdentityRequestError("ownerLogin", "this login is already taken; choose another", 409);
}

/** Inside withTenant: refuses a credit code held by a store of the district or by another pending application. */
export async function assertCreditCodeFree(
  tx: Transaction<CoreDatabase>,
  creditCode: string,
  exceptApplicationId?: string,
): Promise<void> {
  const store = await tx.selectFrom("core.organisations").select("id").where("credit_code", "=", creditCode)
    .executeTakeFirst();
  if (store) throw storeExists();
  let pending = tx.selectFrom("core.store_applications").select("id").where("credit_code", "=", creditCode)
    .where("status", "=", "pending");
  if (exceptApplicationId) pending = pending.where("id", "<>", exceptApplicationId);
  if (await pending.executeTakeFirst()) throw applicationPending();
}

/** Inside withTenant: refuses a login of an existing account or of another pending application of the district. */
export async function assertOwnerLoginFree(tx: Transaction<CoreDatabase>, login: string): Promise<void> {
  const account = await asAuth(
    tx,
    () => tx.selectFrom("core.accounts").select("id").where("login", "=", login).executeTakeFirst(),
  );
  if (account) throw loginTaken();
  const pending = await tx.selectFrom("core.store_applications").select("id").where("owner_login", "=", login)
    .where("status", "=", "pending").executeTakeFirst();
  if (pending) throw loginTaken();
}
