/**
 * Plugins a district has enabled, for the navigation and for guarding plugin pages. Reads core.tenant_plugins
 * directly until the plugin host lands; then this becomes a call into it.
 */
import type { Kysely } from "kysely";
import type { CoreDatabase } from "../db/schema.ts";
import { withTenant } from "../db/tenant.ts";

export async function enabledPlugins(db: Kysely<CoreDatabase>, tenantId: string | undefined): Promise<Set<string>> {
  if (!tenantId) return new Set();
  const rows = await withTenant(
    db,
    tenantId,
    (tx) => tx.selectFrom("core.tenant_plugins").select("plugin_id").where("enabled", "=", true).execute(),
  );
  return new Set(rows.map((row) => row.plugin_id));
}
