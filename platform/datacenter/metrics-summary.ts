/**
 * The summary of a period for the district or one store: the key figures (metrics-figures.ts), vacancy on the
 * period's last day, the same for the preceding period of equal length and for the same dates a year earlier,
 * and the relative changes against both (环比 pop, 同比 yoy).
 */
import type { Transaction } from "kysely";
import type { CoreDatabase } from "../db/schema.ts";
import { ProblemError } from "../http/problem.ts";
import { type Figures, figuresOf, rollupTotals, type StoreFacts, storeFacts } from "./metrics-figures.ts";
import { type Period, periodsOf, timeZoneOf } from "./metrics-period.ts";
import { type Vacancy, vacancyOn } from "./vacancy.ts";

export interface PeriodFigures extends Figures {
  from: string;
  to: string;
  /** Always the district's: vacancy is not a store figure. */
  vacancy: Vacancy;
}

export const CHANGED = ["footfallIn", "transactions", "netSalesFen", "avgTicketFen"] as const;
export type Change = Record<typeof CHANGED[number], number | null>;

export interface Summary extends PeriodFigures {
  storeId: string | null;
  previous: PeriodFigures;
  yearAgo: PeriodFigures;
  change: { pop: Change; yoy: Change };
}

const HOUR_MS = 3_600_000;
/** Hourly rollups answer up to 31 days; daily ones (local midnight to midnight) about two years. */
export const MAX_SPAN_MS = { hour: 31 * 24 * HOUR_MS, day: 732 * 24 * HOUR_MS } as const;

/** Refuses a period longer than its rollups answer (422 naming `to`). */
export function checkSpan(period: Period): void {
  if (period.to.getTime() - period.from.getTime() > MAX_SPAN_MS[period.granularity]) {
    throw new ProblemError(422, "The range is too long.", [{
      field: "to",
      message: period.granularity === "hour"
        ? "at most 31 days unless from and to are local midnights (then at most 732 days)"
        : "at most 732 days",
    }]);
  }
}

/** (current − base) ÷ base, four decimals; null when the base is zero, negative or unknown. */
export function relativeChange(current: number | null, base: number | null): number | null {
  if (current === null || base === null || !(base > 0)) return null;
  return Math.round(((current - base) / base) * 10_000) / 10_000;
}

export function changeOf(current: Figures, base: Figures): Change {
  return Object.fromEntries(CHANGED.map((key) => [key, relativeChange(current[key], base[key])])) as Change;
}

export async function periodFigures(
  tx: Transaction<CoreDatabase>,
  tenantId: string,
  period: Period,
  facts: Map<string, StoreFacts>,
  storeId: string | undefined,
): Promise<PeriodFigures> {
  const rows = await rollupTotals(tx, tenantId, period, storeId ? { store: storeId } : { footfallStore: "" });
  return {
    from: period.from.toISOString(),
    to: period.to.toISOString(),
    ...figuresOf(rows, facts, storeId ?? ""),
    vacancy: await vacancyOn(tx, tenantId, period.lastDay),
  };
}

export async function summarise(
  tx: Transaction<CoreDatabase>,
  tenantId: string,
  range: { from: Date; to: Date; storeId?: string },
): Promise<Summary> {
  const periods = await periodsOf(tx, await timeZoneOf(tx, tenantId), range.from, range.to);
  checkSpan(periods.current);
  const facts = await storeFacts(tx, tenantId);
  const current = await periodFigures(tx, tenantId, periods.current, facts, range.storeId);
  const previous = await periodFigures(tx, tenantId, periods.previous, facts, range.storeId);
  const yearAgo = await periodFigures(tx, tenantId, periods.yearAgo, facts, range.storeId);
  return {
    ...current,
    storeId: range.storeId ?? null,
    previous,
    yearAgo,
    change: { pop: changeOf(current, previous), yoy: changeOf(current, yearAgo) },
  };
}
