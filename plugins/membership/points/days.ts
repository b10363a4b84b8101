/**
 * District-local calendar days. Daily caps, award limits, settlement periods and year-end expiry follow the days as
 * the district lives them (Asia/Shanghai unless the district says otherwise), not UTC days.
 */

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day written YYYY-MM-DD. */
export function isDay(value: string): boolean {
  const match = DAY.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

/** The district-local day of an instant, YYYY-MM-DD. */
export function localDay(instant: Date, timeZone: string): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" })
    .format(instant);
}

/** The zone's offset from UTC at an instant, in minutes (480 for +08:00). */
function offsetMinutes(instant: number, timeZone: string): number {
  const name = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" })
    .formatToParts(new Date(instant)).find((part) => part.type === "timeZoneName")?.value ?? "GMT";
  const match = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  if (!match) return 0;
  return (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3] ?? 0));
}

/** Where the local day begins, as an instant; `addDays` moves to a later day first (1: the end of the day). */
export function startOfDay(day: string, timeZone: string, addDays = 0): Date {
  const match = DAY.exec(day);
  if (!match) throw new Error(`not a day: ${day}`);
  const utcMidnight = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + addDays);
  // The offset at the guessed instant, then again at the corrected one (a zone may change offset that day).
  let instant = utcMidnight - offsetMinutes(utcMidnight, timeZone) * 60_000;
  instant = utcMidnight - offsetMinutes(instant, timeZone) * 60_000;
  return new Date(instant);
}

export function addDaysToDay(day: string, days: number): string {
  const match = DAY.exec(day)!;
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days)).toISOString()
    .slice(0, 10);
}
