/** Rejecting a store application with a reason the applicant sees on the status page; audited. */
import type { Kysely } from "kysely";
import { appendAudit } from "../../audit/audit-log.ts";
import type { CoreDatabase } from "../../db/schema.ts";
import { withTenant } from "../../db/tenant.ts";
import type { Principal } from "../principal.ts";
import { lockPendingApplication } from "./decision.ts";

export function rejectApplication(
  db: Kysely<CoreDatabase>,
  principal: Principal & { tenantId: string },
  applicationId: string,
  reason: string,
): Promise<void> {
  return withTenant(db, principal.tenantId, async (tx) => {
    await lockPendingApplication(tx, applicationId);
    await tx.updateTable("core.store_applications").set({
      status: "rejected",
      decided_at: new Date(),
      decided_by: principal.actor,
      reason,
    }).where("id", "=", applicationId).execute();
    await appendAudit(tx, {
      actor: principal.actor,
      action: "store-application.reject",
      target: `store-application:${applicationId}`,
      details: { reason },
    });
  });
}
