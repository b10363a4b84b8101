/**
 * The dashboard's period, from its GET form: the last 7 or 30 complete days (ending yesterday: today is still
 * being counted and would drag every comparison down), or chosen days. Days are the district's calendar days and
 * become the instants where they begin, as the metrics API expects.
 */
import { isCalendarDay, startOfDay } from "../components/zoned-time.ts";

export const PRESETS = ["7d", "30d", "custom"] as const;
export type Preset = typeof PRESETS[number];

export interface DashboardPeriod {
  preset: Preset;
  /** First and last day, inclusive, "YYYY-MM-DD". */
  first: string;
  last: string;
  days: number;
  /** Where the first day begins and where the day after the last begins (ISO 8601 with offset). */
  from: string;
  to: string;
}

export type PeriodError = "dayInvalid" | "rangeInvalid" | "rangeFuture" | "rangeLong";

export const MAX_DAYS = 366;
const DAY_MS = 86_400_000;

/** Today's date in the zone, "YYYY-MM-DD". */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

function daysFromTo(first: string, last: string): number {
  return Math.round((Date.parse(`${last}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / DAY_MS) + 1;
}

function period(preset: Preset, first: string, last: string, timeZone: string): DashboardPeriod {
  return {
    preset,
    first,
    last,
    days: daysFromTo(first, last),
    from: startOfDay(first, timeZone),
    to: startOfDay(last, timeZone, 1),
  };
}

export function periodFromQuery(
  query: URLSearchParams,
  timeZone: string,
  now = new Date(),
): {
  period: DashboardPeriod;
  errors: Partial<Record<"from" | "to", PeriodError>>;
  given: { from: string; to: string };
} {
  const today = todayIn(timeZone, now);
  const yesterday = addDays(today, -1);
  const preset = (PRESETS as readonly string[]).includes(query.get("period") ?? "")
    ? query.get("period") as Preset
    : "7d";
  const given = { from: query.get("from")?.trim() ?? "", to: query.get("to")?.trim() ?? "" };
  const fallback = period("7d", addDays(yesterday, -6), yesterday, timeZone);
  if (preset === "30d") {
    return { period: period("30d", addDays(yesterday, -29), yesterday, timeZone), errors: {}, given };
  }
  if (preset === "7d") return { period: fallback, errors: {}, given };

  const errors: Partial<Record<"from" | "to", PeriodError>> = {};
  if (!isCalendarDay(given.from)) errors.from = "dayInvalid";
  if (!isCalendarDay(given.to)) errors.to = "dayInvalid";
  else if (given.to > today) errors.to = "rangeFuture";
  if (!errors.from && !errors.to) {
    if (given.to < given.from) errors.to = "rangeInvalid";
    else if (daysFromTo(given.from, given.to) > MAX_DAYS) errors.to = "rangeLong";
  }
  if (Object.keys(errors).length) return { period: { ...fallback, preset: "custom" }, errors, given };
  return { period: period("custom", given.from, given.to, timeZone), errors, given };
}
