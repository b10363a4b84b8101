/**
 * Times in a district's own time zone (an IANA name such as "Asia/Shanghai"): shown to the second, and calendar
 * days turned into the instants where they begin, so a "from 3 March to 5 March" filter means those days as the
 * district lives them. Safe for islands: Intl only.
 */
import type { Locale } from "../i18n/locale.ts";

export const DEFAULT_TIME_ZONE = "Asia/Shanghai";

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function formatInZone(
  locale: Locale,
  iso: string | null | undefined,
  timeZone: string,
  options: { seconds?: boolean } = {},
): string {
  if (!iso) return "—";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "—";
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: options.seconds ? "2-digit" : undefined,
    hour12: false,
  }).format(date);
}

/** The zone's offset from UTC at an instant, in minutes (480 for +08:00). */
function offsetMinutes(instant: number, timeZone: string): number {
  const name = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" })
    .formatToParts(new Date(instant)).find((part) => part.type === "timeZoneName")?.value ?? "GMT";
  const match = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  if (!match) return 0;
  return (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3] ?? 0));
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/** True for a real calendar day written YYYY-MM-DD (what <input type="date"> sends). */
export function isCalendarDay(value: string): boolean {
  const match = DAY.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

/**
 * Where the day begins in the zone, as ISO 8601 with the zone's offset ("2026-03-01T00:00:00+08:00"); `addDays`
 * moves to a later day first (1: where the next day begins, the end of an inclusive range).
 */
export function startOfDay(day: string, timeZone: string, addDays = 0): string {
  const match = DAY.exec(day);
  if (!match || !isCalendarDay(day)) throw new RangeError(`not a calendar day: ${day}`);
  const utcMidnight = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + addDays);
  const local = new Date(utcMidnight).toISOString().slice(0, 10);
  // The offset at local midnight: guess with the offset at UTC midnight, then correct once (DST changes).
  let offset = offsetMinutes(utcMidnight, timeZone);
  offset = offsetMinutes(utcMidnight - offset * 60_000, timeZone);
  return `${local}T00:00:00${offsetText(offset)}`;
}
