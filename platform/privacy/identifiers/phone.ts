/**
 * Mainland China mobile numbers: 11 digits, first digit 1, second 3–9 (MIIT numbering plan). Landlines and
 * foreign numbers are refused, because the platform sends SMS codes to these numbers.
 */
import { invalid, valid, type ValidationResult } from "../pii-types.ts";
import { foldWidth } from "./text.ts";

const SEPARATORS = /[\s\-()]/gu;

export function validatePhone(raw: string): ValidationResult {
  const compact = foldWidth(raw).replace(SEPARATORS, "");
  if (compact === "") return invalid("mobile number is empty");
  if (!/^\+?\d+$/.test(compact)) {
    return invalid("mobile number may contain only digits, spaces, dashes and a +86 prefix");
  }
  // The country code comes as +86, 0086, or a bare 86 in front of the 11 digits.
  let digits = compact;
  if (compact.startsWith("+86")) digits = compact.slice(3);
  else if (compact.startsWith("0086")) digits = compact.slice(4);
  else if (compact.startsWith("+")) return invalid("mobile number must be a mainland China number (+86)");
  else if (compact.length === 13 && compact.startsWith("86")) digits = compact.slice(2);
  if (digits.length !== 11) return invalid(`mobile number must have 11 digits (got ${digits.length})`);
  if (digits[0] !== "1") return invalid("mobile number must start with 1");
  if (digits[1] < "3") return invalid(`mobile number's second digit must be 3–9 (got ${digits[1]})`);
  return valid(digits);
}
