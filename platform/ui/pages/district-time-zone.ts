/** The time zone of the signed-in person's district (core.tenants.time_zone), for showing times as it lives them. */
import { withTenant } from "../../db/tenant.ts";
import { DEFAULT_TIME_ZONE } from "../components/zoned-time.ts";
import type { PageContext } from "../page.ts";

export async function districtTimeZone(ctx: PageContext): Promise<string> {
  const tenantId = ctx.principal?.tenantId;
  if (!tenantId) return DEFAULT_TIME_ZONE;
  const row = await withTenant(
    ctx.db,
    tenantId,
    (tx) => tx.selectFrom("core.tenants").select("time_zone").executeTakeFirst(),
  );
  return row?.time_zone ?? DEFAULT_TIME_ZONE;
}
