/** People for tests, made through the real invitation flow. */
import type { Database } from "../../platform/db/database.ts";
import { withTenant } from "../../platform/db/tenant.ts";
import { uuidv7 } from "../../platform/ids.ts";
import type { TenantRole } from "../../platform/identity/schema.ts";
import { acceptInvitation, inviteInTransaction } from "../../platform/identity/users.ts";

export const TEST_PASSWORD = "Correct-horse-42";

export async function createStore(database: Database, tenantId: string, name = "测试门店"): Promise<string> {
  const id = uuidv7();
  await withTenant(
    database.db,
    tenantId,
    (tx) => tx.insertInto("core.organisations").values({ tenant_id: tenantId, id, kind: "store", name }).execute(),
  );
  return id;
}

export async function createUser(
  database: Database,
  tenantId: string,
  role: TenantRole,
  options: { login?: string; organisationId?: string; password?: string } = {},
): Promise<{ accountId: string; login: string; password: string; organisationId: string }> {
  const login = options.login ?? `${role.replace("_", "-")}-${crypto.randomUUID().slice(0, 8)}`;
  const password = options.password ?? TEST_PASSWORD;
  const invited = await withTenant(database.db, tenantId, async (tx) => {
    const organisationId = options.organisationId ??
      (await tx.selectFrom("core.organisations").select("id").where("kind", "=", "operator").executeTakeFirstOrThrow())
        .id;
    const result = await inviteInTransaction(tx, tenantId, {
      login,
      displayName: login,
      role,
      organisationId,
      createdBy: "system:test",
    });
    return { ...result, organisationId };
  });
  await acceptInvitation(database.db, invited.invitationToken, password);
  return { accountId: invited.accountId, login, password, organisationId: invited.organisationId };
}
