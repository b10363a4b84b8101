/**
 * The periods a comparison needs: the one asked for, the preceding one of equal length (环比) and the same dates a
 * year earlier (同比), worked out in the district's time zone by the database so that local midnights, month ends
 * and 29 February are handled the way PostgreSQL's calendar handles them (29 February a year back is 28 February).
 *
 * A period that starts and ends at local midnight is read from the daily rollups; any other is read from the
 * hourly ones (buckets that start within it). Point-in-time figures (vacancy) are taken on the period's last
 * local day.
 */
import { sql } from "kysely";
import type { Transaction } from "kysely";
import type { CoreDatabase } from "../db/schema.ts";
import type { Granularity } from "./metrics.ts";

export interface Period {
  from: Date;
  to: Date;
  granularity: Granularity;
  /** The local date of the period's last instant, "YYYY-MM-DD". */
  lastDay: string;
}

export interface Periods {
  current: Period;
  previous: Period;
  yearAgo: Period;
}

interface Row {
  aligned: boolean;
  prev_from: Date;
  year_from: Date;
  year_to: Date;
  last_day: string;
  prev_last_day: string;
  year_last_day: string;
}

/** Works in any transaction (tenant or platform): it reads no table. */
export async function periodsOf(
  tx: Transaction<CoreDatabase>,
  timeZone: string,
  from: Date,
  to: Date,
): Promise<Periods> {
  const { rows } = await sql<Row>`
    with p as (select ${from.toISOString()}::timestamptz as f, ${to.toISOString()}::timestamptz as t,
                      ${timeZone}::text as tz),
    a as (select f, t, tz, date_trunc('day', f, tz) = f and date_trunc('day', t, tz) = t as aligned from p),
    b as (
      select aligned, f, t, tz,
             case when aligned
                  then ((f at time zone tz)::date - ((t at time zone tz)::date - (f at time zone tz)::date))::timestamp
                       at time zone tz
                  else f - (t - f) end as prev_from,
             ((f at time zone tz) - interval '1 year') at time zone tz as year_from,
             ((t at time zone tz) - interval '1 year') at time zone tz as year_to
        from a
    )
    select aligned, prev_from, year_from, year_to,
           ((t - interval '1 microsecond') at time zone tz)::date::text as last_day,
           ((f - interval '1 microsecond') at time zone tz)::date::text as prev_last_day,
           ((year_to - interval '1 microsecond') at time zone tz)::date::text as year_last_day
      from b
  `.execute(tx);
  const row = rows[0];
  const granularity: Granularity = row.aligned ? "day" : "hour";
  return {
    current: { from, to, granularity, lastDay: row.last_day },
    previous: { from: new Date(row.prev_from), to: from, granularity, lastDay: row.prev_last_day },
    yearAgo: { from: new Date(row.year_from), to: new Date(row.year_to), granularity, lastDay: row.year_last_day },
  };
}

/** Whether both ends fall on local midnights of the time zone (then daily rollups answer). */
export async function isDayAligned(
  tx: Transaction<CoreDatabase>,
  timeZone: string,
  from: Date,
  to: Date,
): Promise<boolean> {
  const { rows } = await sql<{ aligned: boolean }>`
    select date_trunc('day', ${from.toISOString()}::timestamptz, ${timeZone}) = ${from.toISOString()}::timestamptz
       and date_trunc('day', ${to.toISOString()}::timestamptz, ${timeZone}) = ${to.toISOString()}::timestamptz
           as aligned
  `.execute(tx);
  return rows[0].aligned;
}

/** The district's time zone (tenant transactions see their own tenant row; the platform role sees all). */
export async function timeZoneOf(tx: Transaction<CoreDatabase>, tenantId: string): Promise<string> {
  const row = await tx.selectFrom("core.tenants").select("time_zone").where("id", "=", tenantId)
    .executeTakeFirstOrThrow();
  return row.time_zone;
}
