/**
 * Writing CSV for spreadsheets. Files start with a UTF-8 byte order mark, without which Excel on a Chinese Windows
 * reads UTF-8 as GBK and shows mojibake. Text cells that start like a formula (= + - @, tab, CR) get a leading
 * apostrophe, so a receipt id or zone name sent by a till can never run as a formula when the file is opened
 * ("CSV injection"); numbers, and text that is only a number ("-12.50"), are written as they are.
 */

export const UTF8_BOM = "\uFEFF";

export type CsvCell = string | number | null | undefined;

function textCell(value: string): string {
  if (/^-?\d+(\.\d+)?$/.test(value)) return value;
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvLine(cells: readonly CsvCell[]): string {
  return cells.map((cell) =>
    cell === null || cell === undefined ? "" : typeof cell === "number" ? String(cell) : textCell(cell)
  ).join(",") + "\r\n";
}

/** Fen as yuan with two decimals ("128.00"), exact for any integer amount. */
export function yuan(fen: number): string {
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(Math.round(fen));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}
