/**
 * Input clean-up shared by the validators. Chinese input methods often produce full-width digits and letters
 * (１３８, ＡＢＣ, ＠); NFKC folds them to ASCII so "１３８００１３８０００" and "13800138000" are the same number,
 * which matters most for blind indexes: one person must get one index whatever keyboard was used.
 */
export function foldWidth(raw: string): string {
  return raw.normalize("NFKC");
}

/** Trims and turns every run of whitespace (including the ideographic space U+3000) into one space. */
export function collapseSpaces(raw: string): string {
  return raw.replace(/\s+/gu, " ").trim();
}

/** Code points, not UTF-16 units: a rare Han character outside the BMP (𠮷) is one character of a name. */
export function characterCount(text: string): number {
  return Array.from(text).length;
}

// deno-lint-ignore no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;

export function hasControlCharacters(text: string): boolean {
  return CONTROL.test(text);
}
