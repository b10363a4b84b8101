/** Shared by approval and rejection: the pending application, locked until the decision commits. */
import type { Transaction } from "kysely";
import type { CoreDatabase } from "../../db/schema.ts";
import { IdentityRequestError } from "../users.ts";
import type { StoreApplicationRow } from "./application-view.ts";

/**
 * Reads the application FOR UPDATE: a second decision made at the same moment waits here for the first to commit,
 * then sees it decided and is refused, so one application never becomes two stores.
 */
export async function lockPendingApplication(
  tx: Transaction<CoreDatabase>,
  applicationId: string,
): Promise<StoreApplicationRow> {
  const row = await tx.selectFrom("core.store_applications").selectAll().where("id", "=", applicationId)
    .forUpdate().executeTakeFirst();
  if (!row) throw new IdentityRequestError("id", "there is no such store application in this district", 404);
  if (row.status !== "pending") {
    throw new IdentityRequestError("status", `this application was already ${row.status}`, 409);
  }
  return row;
}
