/**
 * Energy and environment (能耗与环境监测) from the sensor rollups, per bucket and over the whole range.
 *
 * - energyKwh: the sum of the energy readings, each being the energy used since the meter's previous reading
 *   (interval consumption, as meters report it to the platform), so the sum is the energy used.
 * - temperatureC, humidityPct, pm25: the lowest and highest reading and the mean of all readings
 *   (sum of readings ÷ number of readings, over every device), two decimals.
 * A figure without readings is null.
 */
import { sql, type Transaction } from "kysely";
import type { CoreDatabase } from "../db/schema.ts";
import type { Granularity } from "./metrics.ts";

export interface ReadingStats {
  min: number;
  avg: number;
  max: number;
  readings: number;
}

export interface SensorFigures {
  energyKwh: number | null;
  temperatureC: ReadingStats | null;
  humidityPct: ReadingStats | null;
  pm25: ReadingStats | null;
}

export interface SensorSeries {
  buckets: (SensorFigures & { start: string })[];
  totals: SensorFigures & { devices: number };
}

const FIELDS = {
  "sensor.temperature_c": "temperatureC",
  "sensor.humidity_pct": "humidityPct",
  "sensor.pm25": "pm25",
} as const;

interface Row {
  bucket: Date | null;
  metric: string;
  n: number;
  total: number;
  min: number | null;
  max: number | null;
}

function empty(): SensorFigures {
  return { energyKwh: null, temperatureC: null, humidityPct: null, pm25: null };
}

function add(figures: SensorFigures, row: Row): void {
  if (row.metric === "sensor.energy_kwh") {
    figures.energyKwh = Math.round(row.total * 1000) / 1000;
    return;
  }
  const field = FIELDS[row.metric as keyof typeof FIELDS];
  if (!field || row.n === 0) return;
  figures[field] = {
    min: row.min!,
    avg: Math.round((row.total / row.n) * 100) / 100,
    max: row.max!,
    readings: row.n,
  };
}

export async function sensorSeries(
  tx: Transaction<CoreDatabase>,
  tenantId: string,
  range: { from: Date; to: Date; granularity: Granularity },
): Promise<SensorSeries> {
  const where = sql`tenant_id = ${tenantId}::uuid and granularity = ${range.granularity}
       and metric like 'sensor.%' and bucket >= ${range.from} and bucket < ${range.to}`;
  const { rows } = await sql<Row>`
    select bucket, metric, sum(n)::float8 as n, sum(total)::float8 as total,
           min(min)::float8 as min, max(max)::float8 as max
      from core.metric_rollups where ${where}
     group by bucket, metric
     order by bucket
  `.execute(tx);
  const { rows: overall } = await sql<Row>`
    select null as bucket, metric, sum(n)::float8 as n, sum(total)::float8 as total,
           min(min)::float8 as min, max(max)::float8 as max
      from core.metric_rollups where ${where}
     group by metric
  `.execute(tx);
  const { rows: [devices] } = await sql<{ devices: number }>`
    select count(distinct dim)::int as devices from core.metric_rollups where ${where}
  `.execute(tx);
  const buckets = new Map<number, SensorFigures & { start: string }>();
  for (const row of rows) {
    const start = new Date(row.bucket!);
    let bucket = buckets.get(start.getTime());
    if (!bucket) buckets.set(start.getTime(), bucket = { start: start.toISOString(), ...empty() });
    add(bucket, row);
  }
  const totals = { ...empty(), devices: devices.devices };
  for (const row of overall) add(totals, row);
  return { buckets: [...buckets.values()], totals };
}
