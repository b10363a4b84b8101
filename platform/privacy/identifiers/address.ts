/**
 * Postal addresses are free text; the checks only keep out what cannot be an address (empty, a bare number,
 * control characters, a pasted document). Whitespace is collapsed so the same address typed twice compares equal.
 */
import { invalid, valid, type ValidationResult } from "../pii-types.ts";
import { characterCount, collapseSpaces, foldWidth, hasControlCharacters } from "./text.ts";

const LENGTH = { min: 4, max: 200 };

export function validateAddress(raw: string): ValidationResult {
  if (hasControlCharacters(raw.replace(/[\t\r\n]/g, " "))) {
    return invalid("address must not contain control characters");
  }
  const text = collapseSpaces(foldWidth(raw));
  if (text === "") return invalid("address is empty");
  const length = characterCount(text);
  if (length < LENGTH.min) return invalid(`address is too short (at least ${LENGTH.min} characters, got ${length})`);
  if (length > LENGTH.max) return invalid(`address is too long (at most ${LENGTH.max} characters, got ${length})`);
  if (!/[\p{Script=Han}\p{L}]/u.test(text)) return invalid("address must contain words, not only numbers and symbols");
  return valid(text);
}
