/**
 * The shared shape of an event type's hourly rollup: find the hours that raw rows of the given transaction range
 * fall into (by event time, so a late event reopens an old hour), recompute those hours from every raw row in them,
 * and upsert the buckets. Recomputing whole buckets makes the rollup idempotent: running it twice writes the same
 * numbers.
 */
import { type RawBuilder, sql } from "kysely";
import type { TenantTx } from "../db/tenant.ts";
import type { TxRange } from "./event-type.ts";

/**
 * `aggregate` selects (hour, metric, store, dim, n, total, min, max) from `r`: the raw rows of the affected hours,
 * each with its bucket start in `r.hour`.
 */
export async function rollupHourlyBuckets(
  tx: TenantTx,
  tenantId: string,
  range: TxRange,
  table: string,
  aggregate: RawBuilder<unknown>,
): Promise<Date[]> {
  // Each hour's end is computed in `hours`, not in the join: under row-level security only leakproof conditions can
  // be index conditions, and `hour + interval` is not leakproof, so `e.at < hours.hour + interval '1 hour'` was
  // left as a filter and the scan of every hour ran on to the district's newest event.
  const result = await sql<{ hour: Date; written: number }>`
    with hours as (
      select hour, hour + interval '1 hour' as hour_end
        from (select distinct date_trunc('hour', at, 'UTC') as hour from ${sql.raw(table)}
               where tenant_id = ${tenantId}::uuid and tx_id >= ${range.from}::xid8 and tx_id < ${range.to}::xid8) h
    ), r as (
      select e.*, hours.hour from ${sql.raw(table)} e
        join hours on e.at >= hours.hour and e.at < hours.hour_end
       where e.tenant_id = ${tenantId}::uuid
    ), agg (hour, metric, store, dim, n, total, min, max) as (
      ${aggregate}
    ), written as (
      insert into core.metric_rollups (tenant_id, granularity, metric, bucket, store, dim, n, total, min, max)
      select ${tenantId}::uuid, 'hour', metric, hour, store, dim, n, total, min, max from agg
      on conflict (tenant_id, granularity, metric, bucket, store, dim) do update
        set n = excluded.n, total = excluded.total, min = excluded.min, max = excluded.max, updated_at = now()
      returning 1
    )
    select hour, (select count(*) from written)::int as written from hours
  `.execute(tx);
  return result.rows.map((row) => new Date(row.hour));
}
