/**
 * Keeps the rollups current for one district: reads the raw rows written since the last run (by transaction id,
 * not event time), recomputes the hourly buckets they fall into, then the district-local days those hours belong
 * to, and moves the watermark — all in one transaction, under a per-district lock so two runs never overlap.
 *
 * The watermark is the oldest transaction still running when the run starts (pg_snapshot_xmin): every raw row of
 * a transaction below it is committed (or rolled back) and visible, rows of transactions still running are left
 * for the next run. Buckets are recomputed from all their raw rows, so a second run, or a run that re-reads rows,
 * writes the same numbers.
 */
import { sql } from "kysely";
import type { TenantTx } from "../db/tenant.ts";
import type { IngestRegistry } from "./event-type.ts";

export interface RollupReport {
  /** Hourly buckets (start times) recomputed, over all event types. */
  hours: number;
  /** District-local days recomputed. */
  days: number;
  /** The watermark before and after the run (xid8 as decimal strings). */
  from: string;
  to: string;
}

export async function rollupTenant(tx: TenantTx, tenantId: string, registry: IngestRegistry): Promise<RollupReport> {
  await sql`select pg_advisory_xact_lock(hashtext('datacenter.rollup'), hashtext(${tenantId}))`.execute(tx);
  const mark = await sql<{ from: string; to: string; time_zone: string }>`
    select coalesce((select rolled_up_to::text from core.rollup_watermarks where tenant_id = ${tenantId}::uuid), '0')
             as from,
           pg_snapshot_xmin(pg_current_snapshot())::text as to,
           (select time_zone from core.tenants where id = ${tenantId}::uuid) as time_zone
  `.execute(tx);
  const { from, to, time_zone: timeZone } = mark.rows[0];
  const hours = new Map<number, Date>();
  for (const type of registry.all()) {
    for (const hour of await type.rollupHourly(tx, tenantId, { from, to })) hours.set(hour.getTime(), hour);
  }
  const days = hours.size ? await rollupDays(tx, tenantId, timeZone, [...hours.values()]) : 0;
  await sql`
    insert into core.rollup_watermarks (tenant_id, rolled_up_to, runs) values (${tenantId}::uuid, ${to}::xid8, 1)
    on conflict (tenant_id) do update
      set rolled_up_to = greatest(core.rollup_watermarks.rolled_up_to, excluded.rolled_up_to),
          runs = core.rollup_watermarks.runs + 1, updated_at = now()
  `.execute(tx);
  return { hours: hours.size, days, from, to };
}

/** Recomputes the daily buckets (local midnight to midnight) that contain the given hours, from the hourly ones. */
async function rollupDays(tx: TenantTx, tenantId: string, timeZone: string, hours: Date[]): Promise<number> {
  const result = await sql<{ days: number }>`
    with days as (
      select distinct (d::timestamp at time zone ${timeZone}) as day_start,
             ((d + 1)::timestamp at time zone ${timeZone}) as day_end
        from (select (h::timestamptz at time zone ${timeZone})::date as d
                from jsonb_array_elements_text(${JSON.stringify(hours)}::jsonb) as h) local_days
    ), written as (
      insert into core.metric_rollups (tenant_id, granularity, metric, bucket, store, dim, n, total, min, max)
      select ${tenantId}::uuid, 'day', m.metric, days.day_start, m.store, m.dim,
             sum(m.n), sum(m.total), min(m.min), max(m.max)
        from core.metric_rollups m
        join days on m.bucket >= days.day_start and m.bucket < days.day_end
       where m.tenant_id = ${tenantId}::uuid and m.granularity = 'hour'
       group by m.metric, days.day_start, m.store, m.dim
      on conflict (tenant_id, granularity, metric, bucket, store, dim) do update
        set n = excluded.n, total = excluded.total, min = excluded.min, max = excluded.max, updated_at = now()
      returning 1
    )
    select (select count(*) from days)::int as days, (select count(*) from written)::int as written
  `.execute(tx);
  return result.rows[0].days;
}
