/**
 * Parking flow (车流) from the rollups: entries and exits per bucket and gate, and the vehicles inside.
 *
 * - occupancy at a moment = all entries − all exits ever counted before it (the rollups keep every hour, also
 *   after the raw events expire). Missed plate reads make it drift; it is reported as counted, never clamped.
 * - avgStayMinutes is an estimate by Little's law (L = λW): vehicle-hours inside during the period (per hour, the
 *   mean of the occupancy at its start and end) × 60 ÷ entries. Exact stays would need pairing plates in raw
 *   events, which expire; the estimate is close when about as many vehicles are inside at the end as at the start.
 */
import { sql, type Transaction } from "kysely";
import type { CoreDatabase } from "../db/schema.ts";
import type { Granularity } from "./metrics.ts";
import { timeZoneOf } from "./metrics-period.ts";

export interface ParkingBucket {
  start: string;
  entries: number;
  exits: number;
  /** Vehicles inside at the bucket's end. */
  occupancy: number;
}

export interface ParkingSeries {
  buckets: ParkingBucket[];
  gates: { gateId: string; entries: number; exits: number }[];
  totals: {
    entries: number;
    exits: number;
    occupancyAtStart: number;
    occupancyAtEnd: number;
    /** Highest occupancy at the start of the range or the end of one of its hours. */
    peakOccupancy: number;
    avgStayMinutes: number | null;
  };
}

const HOUR_MS = 3_600_000;

interface Flow {
  bucket: Date;
  entries: number;
  exits: number;
}

function flows(
  tx: Transaction<CoreDatabase>,
  tenantId: string,
  granularity: Granularity,
  from: Date,
  to: Date,
): Promise<Flow[]> {
  return sql<Flow>`
    select bucket,
           coalesce(sum(total) filter (where metric = 'parking.in'), 0)::float8 as entries,
           coalesce(sum(total) filter (where metric = 'parking.out'), 0)::float8 as exits
      from core.metric_rollups
     where tenant_id = ${tenantId}::uuid and granularity = ${granularity}
       and metric in ('parking.in', 'parking.out') and bucket >= ${from} and bucket < ${to}
     group by bucket
     order by bucket
  `.execute(tx).then((result) => result.rows);
}

export async function parkingSeries(
  tx: Transaction<CoreDatabase>,
  tenantId: string,
  range: { from: Date; to: Date; granularity: Granularity },
): Promise<ParkingSeries> {
  const { rows: [before] } = await sql<{ net: number }>`
    select coalesce(sum(case when metric = 'parking.in' then total else -total end), 0)::float8 as net
      from core.metric_rollups
     where tenant_id = ${tenantId}::uuid and granularity = 'hour'
       and metric in ('parking.in', 'parking.out') and bucket < ${range.from}
  `.execute(tx);
  const hours = await flows(tx, tenantId, "hour", range.from, range.to);
  const netOfHour = new Map(hours.map((h) => [new Date(h.bucket).getTime(), h.entries - h.exits]));

  // Walk the range hour by hour (hours without data keep the occupancy), for the peak and the vehicle-hours.
  const firstHour = Math.ceil(range.from.getTime() / HOUR_MS) * HOUR_MS;
  let occupancy = before.net;
  let peak = before.net;
  let vehicleHours = 0;
  for (let hour = firstHour; hour < range.to.getTime(); hour += HOUR_MS) {
    const start = occupancy;
    occupancy += netOfHour.get(hour) ?? 0;
    vehicleHours += (start + occupancy) / 2;
    peak = Math.max(peak, occupancy);
  }

  const series = range.granularity === "hour" ? hours : await flows(tx, tenantId, "day", range.from, range.to);
  const ends = range.granularity === "hour"
    ? series.map((b) => new Date(new Date(b.bucket).getTime() + HOUR_MS))
    : await dayEnds(tx, await timeZoneOf(tx, tenantId), series.map((b) => new Date(b.bucket)));
  let cumulative = before.net;
  let hourIndex = 0;
  const sortedHours = hours.map((h) => ({ at: new Date(h.bucket).getTime(), net: h.entries - h.exits }));
  const buckets = series.map((b, i) => {
    // Occupancy at the bucket's end: everything before the range plus the hours of the range that ended by then.
    while (hourIndex < sortedHours.length && sortedHours[hourIndex].at < ends[i].getTime()) {
      cumulative += sortedHours[hourIndex++].net;
    }
    return { start: new Date(b.bucket).toISOString(), entries: b.entries, exits: b.exits, occupancy: cumulative };
  });

  const { rows: gates } = await sql<{ gateId: string; entries: number; exits: number }>`
    select dim as "gateId",
           coalesce(sum(total) filter (where metric = 'parking.in'), 0)::float8 as entries,
           coalesce(sum(total) filter (where metric = 'parking.out'), 0)::float8 as exits
      from core.metric_rollups
     where tenant_id = ${tenantId}::uuid and granularity = 'hour'
       and metric in ('parking.in', 'parking.out') and bucket >= ${range.from} and bucket < ${range.to}
     group by dim
     order by dim
  `.execute(tx);
  const entries = hours.reduce((sum, h) => sum + h.entries, 0);
  const exits = hours.reduce((sum, h) => sum + h.exits, 0);
  return {
    buckets,
    gates,
    totals: {
      entries,
      exits,
      occupancyAtStart: before.net,
      occupancyAtEnd: occupancy,
      peakOccupancy: peak,
      avgStayMinutes: entries > 0 ? Math.round((vehicleHours * 60 / entries) * 10) / 10 : null,
    },
  };
}

/** The next local midnight after each day bucket's start. */
async function dayEnds(tx: Transaction<CoreDatabase>, timeZone: string, starts: Date[]): Promise<Date[]> {
  if (starts.length === 0) return [];
  const { rows } = await sql<{ day_end: Date }>`
    select ((s::timestamptz at time zone ${timeZone}) + interval '1 day') at time zone ${timeZone} as day_end
      from jsonb_array_elements_text(${JSON.stringify(starts)}::jsonb) with ordinality as x(s, i)
     order by i
  `.execute(tx);
  return rows.map((row) => new Date(row.day_end));
}
