/**
 * Birth dates (出生日期), as members give them for birthday care: a real calendar day, not in the future, at most
 * 130 years back. Written as 1990-03-15, 1990/3/15, 1990.3.15, 19900315 or 1990年3月15日; stored as YYYY-MM-DD so
 * one date has one form (and one ciphertext type, birthDate).
 */
import { invalid, valid, type ValidationResult } from "../pii-types.ts";
import { foldWidth } from "./text.ts";

const SEPARATED = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
const CHINESE = /^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$/u;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const OLDEST_YEARS = 130;

export function validateBirthDate(raw: string, today: Date = new Date()): ValidationResult {
  const text = foldWidth(raw).replace(/\s+/gu, "");
  if (text === "") return invalid("birth date is empty");
  const match = SEPARATED.exec(text) ?? CHINESE.exec(text) ?? COMPACT.exec(text);
  if (!match) return invalid("birth date must be written as YYYY-MM-DD, e.g. 1990-03-15");
  const [year, month, day] = match.slice(1).map(Number);
  if (month < 1 || month > 12) return invalid(`birth date's month must be 1–12 (got ${month})`);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) {
    return invalid(`birth date's day must be 1–${daysInMonth} in ${year}-${String(month).padStart(2, "0")}`);
  }
  const normal = `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  // Compared as text in UTC+8's calendar, where the platform's people are born: a date is "today" there first.
  const todayText = new Date(today.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  if (normal > todayText) return invalid("birth date is in the future");
  if (year < Number(todayText.slice(0, 4)) - OLDEST_YEARS) {
    return invalid(`birth date is more than ${OLDEST_YEARS} years ago`);
  }
  return valid(normal);
}
