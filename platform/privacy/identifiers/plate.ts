/**
 * Motor vehicle plates (GA 36): province abbreviation, the letter of the issuing office, then five characters, or
 * six on new-energy plates (D = battery electric, F = other new energy; first of the six on small vehicles, last
 * on large ones). People write them with or without the middle dot (苏C·12345, 苏CD12345); the normal form has no
 * dot, so a camera read and a typed search meet in the same blind index.
 */
import { invalid, valid, type ValidationResult } from "../pii-types.ts";
import { foldWidth } from "./text.ts";

export const PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";
/** Trailer, learner, police, Hong Kong and Macau cross-border, consulate plates end in one of these. */
const SPECIAL_SUFFIXES = "挂学警港澳领";
const SEPARATORS = /[\s·•・‧.\-]/gu;
/** Letters without I and O, which would be read as 1 and 0. */
const LETTER = "[A-HJ-NP-Z]";
const LETTER_OR_DIGIT = "[A-HJ-NP-Z0-9]";

const ORDINARY = new RegExp(`^${LETTER_OR_DIGIT}{5}$|^${LETTER_OR_DIGIT}{4}[${SPECIAL_SUFFIXES}]$`, "u");
const SMALL_NEW_ENERGY = new RegExp(`^[DF]${LETTER_OR_DIGIT}\\d{4}$`);
const LARGE_NEW_ENERGY = /^\d{5}[DF]$/;

export function validatePlate(raw: string): ValidationResult {
  const text = foldWidth(raw).replace(SEPARATORS, "").toUpperCase();
  if (text === "") return invalid("licence plate is empty");
  const chars = Array.from(text);
  if (!PLATE_PROVINCES.includes(chars[0])) {
    return invalid("licence plate must start with a province abbreviation such as 苏 or 京");
  }
  const office = chars[1] ?? "";
  const serial = chars.slice(2).join("");
  if (/[IO]/.test(office + serial)) return invalid("licence plates never use the letters I and O");
  if (!new RegExp(`^${LETTER}$`).test(office)) {
    return invalid("licence plate's second character must be the letter of the issuing office (A–Z)");
  }
  const length = Array.from(serial).length;
  if (length === 5) {
    if (!ORDINARY.test(serial)) {
      return invalid(
        `licence plate may have only letters and digits after the office letter (or ${SPECIAL_SUFFIXES} last)`,
      );
    }
    return valid(text);
  }
  if (length === 6) {
    if (serial.startsWith("D") || serial.startsWith("F")) {
      if (!SMALL_NEW_ENERGY.test(serial)) {
        return invalid("a small new-energy plate has D or F, then a letter or digit, then four digits");
      }
      return valid(text);
    }
    if (serial.endsWith("D") || serial.endsWith("F")) {
      if (!LARGE_NEW_ENERGY.test(serial)) return invalid("a large new-energy plate has five digits, then D or F");
      return valid(text);
    }
    return invalid("a six-character (new-energy) plate must start or end with D or F after the office letter");
  }
  return invalid(
    `licence plate must have 5 characters after the office letter, or 6 for a new-energy vehicle (got ${length})`,
  );
}
