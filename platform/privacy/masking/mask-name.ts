/**
 * Names keep the family name (张**, 欧阳**), as Chinese receipts and delivery labels do. A transliterated name
 * with a middle dot (阿卜杜拉·买买提) puts the given name first and has no family name to keep, so only its first
 * character stays; names in Latin letters keep each word's initial (J*** S****).
 */
import { NAME_DOT } from "../identifiers/person-name.ts";
import { surnameLength } from "./compound-surnames.ts";

export interface NameMaskRule {
  keepSurname: boolean;
  keepEnd: number;
}

function maskHanName(name: string, rule: NameMaskRule, maskChar: string): string {
  const chars = Array.from(name);
  if (name.includes(NAME_DOT)) {
    const keep = rule.keepSurname ? 1 : 0;
    return chars.map((c, i) => (c === NAME_DOT || i < keep ? c : maskChar)).join("");
  }
  const start = rule.keepSurname ? surnameLength(chars) : 0;
  // At least one character of the given name stays hidden: 张*丰 with keepEnd 1, but 张* for 张三.
  const end = chars.length - start - rule.keepEnd >= 1 ? rule.keepEnd : 0;
  return chars.slice(0, start).join("") + maskChar.repeat(chars.length - start - end) +
    chars.slice(chars.length - end).join("");
}

function maskLatinName(name: string, rule: NameMaskRule, maskChar: string): string {
  return name.split(" ").map((word) =>
    Array.from(word).map((c, i) => (i === 0 && rule.keepSurname) || !/\p{L}/u.test(c) ? c : maskChar).join("")
  ).join(" ");
}

/** `name` is a validated, normalised name. */
export function maskName(name: string, rule: NameMaskRule, maskChar: string): string {
  return /\p{Script=Han}/u.test(name) ? maskHanName(name, rule, maskChar) : maskLatinName(name, rule, maskChar);
}
