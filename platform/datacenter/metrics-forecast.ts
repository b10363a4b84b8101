/**
 * A 7-day forecast (趋势预测) of daily footfall or net sales, from tomorrow in the district's time zone. The method
 * is deliberately simple and stated in the answer: a seasonal-naive weekday mean. Each forecast day's value is
 * the mean of the same weekday over the last four complete weeks (the 28 local days before today); the band is
 * the lowest and highest of those days. Days before the first day with any data of the metric (in this scope) are
 * unknown and left out rather than counted as zero; later days without data count as zero (closed). A day with no
 * usable history gets null.
 *
 * Footfall is what the summary counts (district entrances, or the store's door); sales are net of refunds, in fen.
 */
import { sql, type Transaction } from "kysely";
import type { CoreDatabase } from "../db/schema.ts";
import { timeZoneOf } from "./metrics-period.ts";

export const FORECAST_WEEKS = 4;

export const FORECAST_METHOD = {
  id: "weekday-mean-4w",
  description: {
    zh:
      "季节性朴素法：取最近4个完整周中同一星期几的日均值作为预测值，区间为这几天的最低值和最高值；数据开始前的日期不计入。",
    en: "Seasonal naive: each day is the mean of the same weekday over the last 4 complete weeks; the band is the " +
      "lowest and highest of those days. Days before the data began are left out.",
  },
} as const;

export type ForecastMetric = "footfall" | "sales";

export interface ForecastDay {
  date: string;
  value: number | null;
  low: number | null;
  high: number | null;
  /** How many past days the value rests on (up to 4). */
  samples: number;
}

export interface Forecast {
  metric: ForecastMetric;
  storeId: string | null;
  method: typeof FORECAST_METHOD;
  /** The local days the forecast learned from, [from, to). */
  history: { from: string; to: string };
  days: ForecastDay[];
}

const DAY_MS = 86_400_000;

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

export async function forecast(
  tx: Transaction<CoreDatabase>,
  tenantId: string,
  metric: ForecastMetric,
  storeId: string | undefined,
): Promise<Forecast> {
  const timeZone = await timeZoneOf(tx, tenantId);
  const metrics = metric === "footfall" ? ["footfall.in"] : ["sales.sale", "sales.refund"];
  // The district's footfall is its entrances (store ''), as in the summary; sales are every store's.
  const store = storeId ?? (metric === "footfall" ? "" : undefined);
  const storeFilter = store === undefined ? sql`` : sql`and m.store = ${store}`;
  const { rows } = await sql<{ day: string; value: number; today: string; first_day: string | null }>`
    with t as (select (now() at time zone ${timeZone})::date as today),
    days as (
      select t.today - ${FORECAST_WEEKS * 7}::int + i as day,
             ((t.today - ${FORECAST_WEEKS * 7}::int + i)::timestamp at time zone ${timeZone}) as start
        from t, generate_series(0, ${FORECAST_WEEKS * 7 - 1}::int) as i
    )
    select days.day::text as day,
           coalesce(sum(case when m.metric = 'sales.refund' then -m.total else m.total end), 0)::float8 as value,
           (select today::text from t) as today,
           (select (min(m.bucket) at time zone ${timeZone})::date::text
              from core.metric_rollups m
             where m.tenant_id = ${tenantId}::uuid and m.granularity = 'day'
               and m.metric in (${sql.join(metrics)}) ${storeFilter}) as first_day
      from days
      left join core.metric_rollups m
        on m.tenant_id = ${tenantId}::uuid and m.granularity = 'day' and m.bucket = days.start
       and m.metric in (${sql.join(metrics)}) ${storeFilter}
     group by days.day
     order by days.day
  `.execute(tx);
  const today = rows[0].today;
  const firstDay = rows[0].first_day;
  const history = rows.filter((row) => firstDay !== null && row.day >= firstDay);
  const days: ForecastDay[] = [];
  for (let i = 1; i <= 7; i++) {
    const date = addDays(today, i);
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    const samples = history.filter((row) => new Date(`${row.day}T00:00:00Z`).getUTCDay() === weekday)
      .map((row) => row.value);
    days.push(
      samples.length
        ? {
          date,
          value: Math.round(samples.reduce((sum, v) => sum + v, 0) / samples.length),
          low: Math.round(Math.min(...samples)),
          high: Math.round(Math.max(...samples)),
          samples: samples.length,
        }
        : { date, value: null, low: null, high: null, samples: 0 },
    );
  }
  return {
    metric,
    storeId: storeId ?? null,
    method: FORECAST_METHOD,
    history: { from: addDays(today, -FORECAST_WEEKS * 7), to: today },
    days,
  };
}
