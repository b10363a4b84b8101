/**
 * What the applicant sees with the status token: the decision, the reason of a rejection, and once approved the
 * owner's invitation link until it is used. A used invitation's encrypted token is erased when first noticed.
 */
import type { Kysely } from "kysely";
import type { CoreDatabase } from "../../db/schema.ts";
import { withTenant } from "../../db/tenant.ts";
import type { TenantKeyStore } from "../../privacy/pii.ts";
import type { StoreApplicationStatus } from "../schema.ts";
import { openInvitationToken } from "./invitation-seal.ts";
import { parseStatusToken, statusTokenMatches } from "./status-token.ts";

export interface ApplicationStatusView {
  status: StoreApplicationStatus;
  storeName: string;
  district: { zh: string; en: string };
  submittedAt: string;
  decidedAt: string | null;
  reason: string | null;
  /** The invitation token (the caller turns it into a link); only while approved and not yet used. */
  invitationToken: string | null;
}

/** The application behind a status token, or undefined for a malformed, unknown or forged token. */
export async function readApplicationStatus(
  db: Kysely<CoreDatabase>,
  keys: TenantKeyStore,
  statusToken: string,
): Promise<ApplicationStatusView | undefined> {
  const parsed = parseStatusToken(statusToken);
  if (!parsed) return undefined;
  return await withTenant(db, parsed.tenantId, async (tx) => {
    const row = await tx.selectFrom("core.store_applications as a")
      .innerJoin("core.tenants as t", "t.id", "a.tenant_id")
      .leftJoin(
        "core.invitations as i",
        (join) => join.onRef("i.tenant_id", "=", "a.tenant_id").onRef("i.id", "=", "a.invitation_id"),
      )
      .select([
        "a.id",
        "a.status_token_hash",
        "a.status",
        "a.store_name",
        "a.submitted_at",
        "a.decided_at",
        "a.reason",
        "a.invitation_token_enc",
        "i.accepted_at",
        "t.name_zh",
        "t.name_en",
      ])
      .where("a.id", "=", parsed.recordId)
      .executeTakeFirst();
    if (!row || !statusTokenMatches(row.status_token_hash, parsed.secret)) return undefined;
    let invitationToken: string | null = null;
    if (row.status === "approved" && row.invitation_token_enc) {
      if (row.accepted_at) {
        await tx.updateTable("core.store_applications").set({ invitation_token_enc: null }).where("id", "=", row.id)
          .execute();
      } else {
        invitationToken = await openInvitationToken(await keys.fieldCipher(tx), row.invitation_token_enc);
      }
    }
    return {
      status: row.status,
      storeName: row.store_name,
      district: { zh: row.name_zh, en: row.name_en },
      submittedAt: row.submitted_at.toISOString(),
      decidedAt: row.decided_at?.toISOString() ?? null,
      reason: row.reason,
      invitationToken,
    };
  });
}
