/**
 * Personal names as written on an ID card: 2–20 Chinese characters, with the middle dot between the parts of a
 * transliterated name (阿卜杜拉·买买提), or a name in Latin letters for foreign members. The dot arrives in
 * several look-alike forms from different keyboards; they are all stored as U+00B7 so one person has one form.
 */
import { invalid, valid, type ValidationResult } from "../pii-types.ts";
import { characterCount, collapseSpaces, foldWidth } from "./text.ts";

export const NAME_DOT = "·";
const DOT_LOOKALIKES = /[·•・‧∙⋅.]/gu;
const HAN_NAME = /^[\p{Script=Han}·]+$/u;
const LATIN_NAME = /^\p{Script=Latin}[\p{Script=Latin}\p{M} .'-]*$/u;
const HAN_LENGTH = { min: 2, max: 20 };
const LATIN_LENGTH = { min: 2, max: 100 };

function validateHanName(text: string): ValidationResult {
  const name = text.replace(/\s+/gu, "").replace(DOT_LOOKALIKES, NAME_DOT);
  const length = characterCount(name);
  if (name.startsWith(NAME_DOT) || name.endsWith(NAME_DOT) || name.includes(NAME_DOT + NAME_DOT)) {
    return invalid("the middle dot · may stand only between two parts of a name");
  }
  if (length < HAN_LENGTH.min || length > HAN_LENGTH.max) {
    return invalid(`a Chinese name must have ${HAN_LENGTH.min}–${HAN_LENGTH.max} characters (got ${length})`);
  }
  return valid(name);
}

function validateLatinName(text: string): ValidationResult {
  const name = text.replaceAll("’", "'");
  if (!LATIN_NAME.test(name)) {
    return invalid("a name in Latin letters may contain only letters, spaces, hyphens, apostrophes and periods");
  }
  const length = characterCount(name);
  if (length < LATIN_LENGTH.min || length > LATIN_LENGTH.max) {
    return invalid(
      `a name in Latin letters must have ${LATIN_LENGTH.min}–${LATIN_LENGTH.max} characters (got ${length})`,
    );
  }
  return valid(name);
}

export function validatePersonName(raw: string): ValidationResult {
  const text = collapseSpaces(foldWidth(raw));
  if (text === "") return invalid("name is empty");
  if (/\d/u.test(text)) return invalid("name must not contain digits");
  const han = /\p{Script=Han}/u.test(text);
  const latin = /\p{Script=Latin}/u.test(text);
  if (han && latin) return invalid("name must be written in Chinese characters or in Latin letters, not both");
  if (han) {
    const withDots = text.replace(/\s+/gu, "").replace(DOT_LOOKALIKES, NAME_DOT);
    if (!HAN_NAME.test(withDots)) {
      return invalid("a Chinese name may contain only Chinese characters and the middle dot ·");
    }
    return validateHanName(text);
  }
  if (latin) return validateLatinName(text);
  return invalid("name must be written in Chinese characters or in Latin letters");
}
