/**
 * Times in spreadsheet cells. Exported sheets and hand-kept ledgers write local wall-clock time
 * ("2025-06-01 14:30", "2025/6/1 14:30:05"), which means the district's own time zone; systems write ISO 8601
 * with an offset, which is taken as it is. Either becomes ISO 8601 with an offset for the event schema.
 */

export type CellTime = { ok: true; iso: string } | { ok: false; message: string };

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const LOCAL = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** The zone's offset from UTC at an instant, in minutes (480 for Asia/Shanghai). */
export function zoneOffsetMinutes(instant: number, timeZone: string): number {
  const name = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" })
    .formatToParts(new Date(instant)).find((part) => part.type === "timeZoneName")?.value ?? "GMT";
  const match = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  if (!match) return 0;
  return (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3] ?? 0));
}

function two(n: number): string {
  return String(n).padStart(2, "0");
}

function offsetText(minutes: number): string {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? "-" : "+"}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
}

export function cellTime(value: string, timeZone: string): CellTime {
  const text = value.trim();
  if (ISO_WITH_OFFSET.test(text)) return { ok: true, iso: text };
  const match = LOCAL.exec(text);
  if (!match) {
    return { ok: false, message: "not a time: write 2025-06-01 14:30 (district time) or ISO 8601 with an offset" };
  }
  if (match[4] === undefined) return { ok: false, message: "needs the time of day too, e.g. 2025-06-01 14:30" };
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0));
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(wall);
  if (
    back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day ||
    hour > 23 || minute > 59 || second > 59
  ) {
    return { ok: false, message: "no such date or time" };
  }
  // The offset in force at that wall time: guess with the offset at the same UTC instant, then correct once.
  let offset = zoneOffsetMinutes(wall, timeZone);
  offset = zoneOffsetMinutes(wall - offset * 60_000, timeZone);
  const date = `${year}-${two(month)}-${two(day)}`;
  return { ok: true, iso: `${date}T${two(hour)}:${two(minute)}:${two(second)}${offsetText(offset)}` };
}

/** An instant as the district's wall-clock time, "2025-06-01 14:30:05" (what cellTime reads back). */
export function localTimeText(instant: Date, timeZone: string): string {
  const local = new Date(instant.getTime() + zoneOffsetMinutes(instant.getTime(), timeZone) * 60_000);
  return local.toISOString().slice(0, 19).replace("T", " ");
}

/** An instant's calendar day in the district, "2025-06-01". */
export function localDay(instant: Date, timeZone: string): string {
  return localTimeText(instant, timeZone).slice(0, 10);
}
