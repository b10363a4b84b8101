/**
 * Resident ID numbers (公民身份号码, GB 11643-1999): 6-digit division code, 8-digit birth date, 3-digit sequence,
 * and an ISO 7064 MOD 11-2 check character (0–9 or X). The 15-digit first-generation numbers were withdrawn in
 * 2013; they are refused with a message that says so, since people still find them on old documents.
 * Messages never repeat the birth date: they end up in problem responses and logs.
 */
import { invalid, valid, type ValidationResult } from "../pii-types.ts";
import { ID_NUMBER_EXTRA_PREFIXES, PROVINCE_CODES } from "./region-codes.ts";
import { foldWidth } from "./text.ts";

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = "10X98765432";
/** Nobody born before this is still a customer; an older date is a typo in the year. */
const EARLIEST_BIRTH_YEAR = 1900;

/** The MOD 11-2 check character of the first 17 digits. */
export function idNumberCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARACTERS[sum % 11];
}

/** Today's date in China as YYYYMMDD: a baby born this morning in Beijing is not "in the future" in UTC. */
function todayInChina(now: Date): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(now);
  return parts.replaceAll("-", "");
}

function isCalendarDate(yyyymmdd: string): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function validateIdNumber(raw: string, now: Date = new Date()): ValidationResult {
  const text = foldWidth(raw).replace(/\s+/gu, "").toUpperCase();
  if (text === "") return invalid("ID number is empty");
  if (/^\d{15}$/.test(text)) {
    return invalid("15-digit first-generation ID numbers are no longer valid; enter the 18-character number");
  }
  if (!/^[0-9X]+$/.test(text)) return invalid("ID number may contain only digits and a final X");
  if (text.length !== 18) return invalid(`ID number must have 18 characters (got ${text.length})`);
  if (text.slice(0, 17).includes("X")) return invalid("ID number may have X only as its last character");
  const province = text.slice(0, 2);
  if (!(province in PROVINCE_CODES) && !(province in ID_NUMBER_EXTRA_PREFIXES)) {
    return invalid(`ID number region code ${province} is not a Chinese province`);
  }
  const birth = text.slice(6, 14);
  if (!isCalendarDate(birth)) return invalid("ID number birth date (characters 7–14) is not a real date");
  if (Number(birth.slice(0, 4)) < EARLIEST_BIRTH_YEAR) {
    return invalid(`ID number birth date (characters 7–14) is before ${EARLIEST_BIRTH_YEAR}`);
  }
  if (birth > todayInChina(now)) return invalid("ID number birth date (characters 7–14) is in the future");
  if (idNumberCheckCharacter(text) !== text[17]) {
    return invalid("ID number check character does not match the other 17; check each digit");
  }
  return valid(text);
}
