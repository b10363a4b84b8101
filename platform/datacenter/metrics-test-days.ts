/**
 * Dates for metrics tests, relative to today in Asia/Shanghai: raw events older than the district keeps them are
 * refused at ingestion, so tests cannot use fixed calendar dates that slowly age out.
 */
const DAY_MS = 86_400_000;
const SHANGHAI_MS = 8 * 3_600_000;

/** The Shanghai-local date `offset` days from today, "YYYY-MM-DD". */
export function localDay(offset: number, now = Date.now()): string {
  return new Date(now + SHANGHAI_MS + offset * DAY_MS).toISOString().slice(0, 10);
}

/** The same date one calendar year earlier (29 February becomes 28 February, as PostgreSQL does). */
export function yearBefore(day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  const last = new Date(Date.UTC(y - 1, m, 0)).getUTCDate();
  return `${y - 1}-${String(m).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** A Shanghai-local time on a day, ISO 8601 with its offset ("2026-03-01T10:15:00+08:00"). */
export function at(day: string, time: string): string {
  return `${day}T${time.length === 5 ? `${time}:00` : time}+08:00`;
}

/** from/to query parameters for [start, end). */
export function rangeQuery(start: string, end: string): string {
  return `from=${encodeURIComponent(start)}&to=${encodeURIComponent(end)}`;
}
