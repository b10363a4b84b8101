/** The operator's review list of store applications, newest first, optionally of one status. */
import type { Kysely } from "kysely";
import type { CoreDatabase } from "../../db/schema.ts";
import { withTenant } from "../../db/tenant.ts";
import type { TenantKeyStore } from "../../privacy/pii.ts";
import type { StoreApplicationStatus } from "../schema.ts";
import { maskedApplicationView, type StoreApplicationView } from "./application-view.ts";
import { maskConfigOf } from "../../privacy/mask-settings.ts";

export function listApplications(
  db: Kysely<CoreDatabase>,
  keys: TenantKeyStore,
  tenantId: string,
  status?: StoreApplicationStatus,
): Promise<StoreApplicationView[]> {
  return withTenant(db, tenantId, async (tx) => {
    let query = tx.selectFrom("core.store_applications").selectAll().orderBy("submitted_at", "desc")
      .orderBy("id", "desc");
    if (status) query = query.where("status", "=", status);
    const rows = await query.execute();
    if (rows.length === 0) return [];
    const cipher = await keys.fieldCipher(tx);
    // The district's own masking rules, not the platform defaults.
    const maskConfig = await maskConfigOf(tx);
    return await Promise.all(rows.map((row) => maskedApplicationView(cipher, row, maskConfig)));
  });
}
