/**
 * The district's points settings and time zone, read inside the caller's transaction. The ledger functions are
 * called by other areas (coupons spend points, members award them) without the plugin context, yet a lot's expiry
 * and a redemption's settlement rate follow the district's settings of that moment — so the ledger reads them here.
 */
import type { MembershipTx } from "../context.ts";
import { type PointsSettings, pointsSettings } from "./config.ts";

export interface DistrictPoints {
  settings: PointsSettings;
  timeZone: string;
}

export async function districtPoints(tx: MembershipTx): Promise<DistrictPoints> {
  const plugin = await tx.selectFrom("core.tenant_plugins").select("config").where("plugin_id", "=", "membership")
    .executeTakeFirst();
  const tenant = await tx.selectFrom("core.tenants").select("time_zone").executeTakeFirst();
  // Only this area's fields: the other areas' settings are theirs to validate.
  const settings = pointsSettings.parse(pick(plugin?.config ?? {}));
  return { settings, timeZone: tenant?.time_zone ?? "Asia/Shanghai" };
}

function pick(config: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(config).filter(([key]) => key.startsWith("points")));
}
