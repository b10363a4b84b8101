/**
 * What the dashboard shows, read through the metrics API as the visitor (so a store user's page can only ever hold
 * their store's numbers): the summary with its comparisons, daily and hourly series, the two 7-day forecasts and,
 * for operators, the per-store table. Series are laid out on every day of the period, zeros where nothing was
 * counted, so charts have no gaps.
 */
import { localDay, localTimeText } from "../../datacenter/csv/local-time.ts";
import type { StoreRow as ApiStoreRow } from "../../datacenter/metrics-stores.ts";
import type { Change, PeriodFigures as ApiPeriodFigures } from "../../datacenter/metrics-summary.ts";
import type { PageContext } from "../page.ts";
import { addDays, type DashboardPeriod } from "./dashboard-period.ts";

export type { Change };

/** The key figures the page shows both for the period and per store. */
type KeyFigure =
  | "footfallIn"
  | "transactions"
  | "netSalesFen"
  | "conversion"
  | "avgTicketFen"
  | "salesPerM2Fen"
  | "salesPerStaffFen";

/** The summary's figures the page shows, as the API answers them. */
export type PeriodFigures = Pick<ApiPeriodFigures, KeyFigure | "dwellMinutes" | "paymentMix" | "vacancy">;

export interface Summary extends PeriodFigures {
  storeId: string | null;
  change: { pop: Change; yoy: Change };
}

export interface Forecast {
  method: { id: string; description: { zh: string; en: string } };
  history: { from: string; to: string };
  days: { date: string; value: number | null; low: number | null; high: number | null }[];
}

/** The per-store table's columns the page shows, as the API answers them. */
export type StoreRow = Pick<ApiStoreRow, "storeId" | "name" | KeyFigure>;

export interface DashboardData {
  summary: Summary;
  days: string[];
  footfallDaily: number[];
  netSalesDailyFen: number[];
  transactionsDaily: number[];
  /** People in per hour of the day (0–23), averaged over the period's days; null for periods over 31 days. */
  hourly: number[] | null;
  forecasts: { footfall: Forecast; sales: Forecast };
  /** Operators only. */
  stores: StoreRow[] | null;
}

export const HOURLY_MAX_DAYS = 31;

interface FootfallSeries {
  buckets: { start: string; in: number }[];
}
interface SalesSeries {
  buckets: { start: string; salesCount: number; netFen: number }[];
}

export async function dashboardData(
  ctx: PageContext,
  period: DashboardPeriod,
  options: { storeId?: string; timeZone: string; district: boolean },
): Promise<DashboardData> {
  const range = new URLSearchParams({ from: period.from, to: period.to });
  const scoped = new URLSearchParams(range);
  if (options.storeId) scoped.set("storeId", options.storeId);
  // Without a store, footfall is the district's entrances, as the summary counts it.
  const counters = options.storeId ? "" : "&counters=district";
  const store = options.storeId ? `&storeId=${options.storeId}` : "";
  const [summary, footfall, sales, hourly, footfallForecast, salesForecast, stores] = await Promise.all([
    ctx.api.data<Summary>(`/api/v1/metrics/summary?${scoped}`),
    ctx.api.data<FootfallSeries>(`/api/v1/metrics/footfall?${scoped}&granularity=day${counters}`),
    ctx.api.data<SalesSeries>(`/api/v1/metrics/sales?${scoped}&granularity=day`),
    period.days <= HOURLY_MAX_DAYS
      ? ctx.api.data<FootfallSeries>(`/api/v1/metrics/footfall?${scoped}&granularity=hour${counters}`)
      : undefined,
    ctx.api.data<Forecast>(`/api/v1/metrics/forecast?metric=footfall${store}`),
    ctx.api.data<Forecast>(`/api/v1/metrics/forecast?metric=sales${store}`),
    options.district ? ctx.api.data<{ stores: StoreRow[] }>(`/api/v1/metrics/stores?${range}`) : undefined,
  ]);

  const days = Array.from({ length: period.days }, (_, i) => addDays(period.first, i));
  const onDays = <B extends { start: string }>(buckets: B[], value: (b: B) => number) => {
    const byDay = new Map(buckets.map((b) => [localDay(new Date(b.start), options.timeZone), value(b)]));
    return days.map((day) => byDay.get(day) ?? 0);
  };
  let perHour: number[] | null = null;
  if (hourly) {
    perHour = new Array(24).fill(0);
    for (const b of hourly.buckets) {
      perHour[Number(localTimeText(new Date(b.start), options.timeZone).slice(11, 13))] += b.in;
    }
    perHour = perHour.map((n) => Math.round((n / period.days) * 10) / 10);
  }
  return {
    summary,
    days,
    footfallDaily: onDays(footfall.buckets, (b) => b.in),
    netSalesDailyFen: onDays(sales.buckets, (b) => b.netFen),
    transactionsDaily: onDays(sales.buckets, (b) => b.salesCount),
    hourly: perHour,
    forecasts: { footfall: footfallForecast, sales: salesForecast },
    stores: stores ? [...stores.stores].sort((a, b) => b.netSalesFen - a.netSalesFen) : null,
  };
}
