/**
 * Every download of a data file is recorded in the district's audit log — who took which data of which period —
 * together with what the file needs to be written: the district's time zone and its store names. One transaction,
 * before the first byte is sent: a file that was handed out is always in the log.
 */
import type { Kysely } from "kysely";
import { appendAudit } from "../../audit/audit-log.ts";
import type { CoreDatabase } from "../../db/schema.ts";
import { withTenant } from "../../db/tenant.ts";

export const EXPORT_AUDIT_ACTION = "datacenter.export";

export function recordExport(
  db: Kysely<CoreDatabase>,
  entry: { tenantId: string; actor: string; name: string; from: Date; to: Date; storeId?: string; lang: string },
): Promise<{ timeZone: string; storeNames: Map<string, string> }> {
  return withTenant(db, entry.tenantId, async (tx) => {
    const tenant = await tx.selectFrom("core.tenants").select("time_zone").where("id", "=", entry.tenantId)
      .executeTakeFirstOrThrow();
    const stores = await tx.selectFrom("core.organisations").select(["id", "name"]).where("kind", "=", "store")
      .execute();
    await appendAudit(tx, {
      actor: entry.actor,
      action: EXPORT_AUDIT_ACTION,
      target: `export:${entry.name}`,
      details: {
        from: entry.from.toISOString(),
        to: entry.to.toISOString(),
        storeId: entry.storeId ?? null,
        lang: entry.lang,
      },
    });
    return { timeZone: tenant.time_zone, storeNames: new Map(stores.map((s) => [s.id, s.name])) };
  });
}
