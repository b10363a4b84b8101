/**
 * Unified social credit codes (统一社会信用代码, GB 32100-2015): registration authority (1 char), organisation type
 * (1), division code of the registering office (6 digits), subject identifier (9) and a MOD 31 check character,
 * written with the 31 characters below (no I, O, S, V, Z, which are easily misread).
 */
import { invalid, valid, type ValidationResult } from "../pii-types.ts";
import { NATIONAL_DIVISION_PREFIX, PROVINCE_CODES } from "./region-codes.ts";
import { foldWidth } from "./text.ts";

export const CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/**
 * Registration authorities and the organisation types each may issue, from the standard and the authority codes
 * added since (2 foreign affairs, 3 justice, 4 culture, 6 tourism, 7 religion, 8 trade unions, A military, N
 * agriculture). Stores are almost always 9 (market regulation): 91 company, 92 sole trader, 93 co-operative.
 */
export const CREDIT_CODE_AUTHORITIES: Readonly<Record<string, { name: string; types: string }>> = {
  "1": { name: "机构编制", types: "1239" },
  "2": { name: "外交", types: "19" },
  "3": { name: "司法行政", types: "123459" },
  "4": { name: "文化", types: "19" },
  "5": { name: "民政", types: "1239" },
  "6": { name: "旅游", types: "129" },
  "7": { name: "宗教", types: "129" },
  "8": { name: "工会", types: "19" },
  "9": { name: "市场监管(工商)", types: "123" },
  "A": { name: "中央军委改革和编制办公室", types: "19" },
  "N": { name: "农业", types: "1239" },
  "Y": { name: "其他", types: "1" },
};

export function creditCodeCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CODE_ALPHABET.indexOf(first17[i]) * WEIGHTS[i];
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31];
}

export function validateCreditCode(raw: string): ValidationResult {
  const code = foldWidth(raw).replace(/[\s-]+/gu, "").toUpperCase();
  if (code === "") return invalid("credit code is empty");
  const stray = [...code].find((c) => !CREDIT_CODE_ALPHABET.includes(c));
  if (stray !== undefined) {
    return invalid(
      /[IOSVZ]/.test(stray)
        ? `credit code never contains the letter ${stray} (the letters I, O, S, V and Z are not used)`
        : "credit code may contain only digits and capital letters",
    );
  }
  if (code.length !== 18) return invalid(`credit code must have 18 characters (got ${code.length})`);
  const authority = CREDIT_CODE_AUTHORITIES[code[0]];
  if (!authority) return invalid(`credit code registration authority ${code[0]} (1st character) is not defined`);
  if (!authority.types.includes(code[1])) {
    return invalid(
      `credit code organisation type ${code[1]} (2nd character) is not valid for registration authority ${code[0]}`,
    );
  }
  const division = code.slice(2, 8);
  if (!/^\d{6}$/.test(division)) return invalid("credit code characters 3–8 must be a 6-digit division code");
  const province = division.slice(0, 2);
  if (!(province in PROVINCE_CODES) && province !== NATIONAL_DIVISION_PREFIX) {
    return invalid(`credit code division code starts with ${province}, which is not a Chinese province`);
  }
  if (creditCodeCheckCharacter(code) !== code[17]) {
    return invalid("credit code check character does not match the other 17; check each character");
  }
  return valid(code);
}
