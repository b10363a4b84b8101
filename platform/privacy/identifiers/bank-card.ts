/**
 * Bank card numbers (UnionPay debit and credit cards are 16–19 digits; some older and foreign cards are shorter),
 * checked with the Luhn digit that every issuer prints, which catches a mistyped or swapped digit.
 */
import { invalid, valid, type ValidationResult } from "../pii-types.ts";
import { foldWidth } from "./text.ts";

const LENGTH = { min: 12, max: 19 };

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export function validateBankCard(raw: string): ValidationResult {
  const digits = foldWidth(raw).replace(/[\s-]+/gu, "");
  if (digits === "") return invalid("bank card number is empty");
  if (!/^\d+$/.test(digits)) return invalid("bank card number may contain only digits, spaces and dashes");
  if (digits.length < LENGTH.min || digits.length > LENGTH.max) {
    return invalid(`bank card number must have ${LENGTH.min}–${LENGTH.max} digits (got ${digits.length})`);
  }
  if (!luhnValid(digits)) return invalid("bank card number fails its check digit (Luhn); check each digit");
  return valid(digits);
}
