/**
 * An application's contact person in clear, for a reviewer who needs to call them. Each value goes through
 * `reveal`, which hands it out in clear only with its `pii:read:<type>` permission (masked otherwise) and audits
 * every clear reveal in the same transaction.
 */
import type { Kysely } from "kysely";
import { appendAudit } from "../../audit/audit-log.ts";
import type { CoreDatabase } from "../../db/schema.ts";
import { withTenant } from "../../db/tenant.ts";
import { reveal, type TenantKeyStore } from "../../privacy/pii.ts";
import type { Principal } from "../principal.ts";

export const CONTACT_REVEAL_PURPOSE = "review a store application";

export interface RevealedContact {
  contactName: string;
  contactMobile: string;
  revealed: { contactName: boolean; contactMobile: boolean };
}

/** undefined when the district has no such application. */
export function revealApplicationContact(
  db: Kysely<CoreDatabase>,
  keys: TenantKeyStore,
  principal: Principal & { tenantId: string },
  applicationId: string,
): Promise<RevealedContact | undefined> {
  return withTenant(db, principal.tenantId, async (tx) => {
    const row = await tx.selectFrom("core.store_applications").select(["contact_name_enc", "contact_mobile_enc"])
      .where("id", "=", applicationId).executeTakeFirst();
    if (!row) return undefined;
    const cipher = await keys.fieldCipher(tx);
    const common = {
      permissions: principal.permissions,
      actor: principal.actor,
      target: `store-application:${applicationId}`,
      purpose: CONTACT_REVEAL_PURPOSE,
    };
    const name = await reveal(tx, appendAudit, {
      ...common,
      type: "name",
      value: await cipher.decrypt(row.contact_name_enc, "name"),
    });
    const mobile = await reveal(tx, appendAudit, {
      ...common,
      type: "phone",
      value: await cipher.decrypt(row.contact_mobile_enc, "phone"),
    });
    return {
      contactName: name.value,
      contactMobile: mobile.value,
      revealed: { contactName: name.revealed, contactMobile: mobile.revealed },
    };
  });
}
