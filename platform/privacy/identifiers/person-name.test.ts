import { validatePersonName } from "./person-name.ts";
import { assertAccepted, assertRefused } from "./validation-asserts.ts";

Deno.test("Chinese names of 2–20 characters are accepted, dots made uniform", () => {
  assertAccepted(validatePersonName("张三"), "张三");
  assertAccepted(validatePersonName(" 欧阳娜娜 "), "欧阳娜娜");
  assertAccepted(validatePersonName("张 三"), "张三");
  assertAccepted(validatePersonName("阿卜杜拉·买买提"), "阿卜杜拉·买买提");
  assertAccepted(validatePersonName("阿卜杜拉•买买提"), "阿卜杜拉·买买提");
  assertAccepted(validatePersonName("阿卜杜拉・买买提"), "阿卜杜拉·买买提");
  assertAccepted(validatePersonName("阿卜杜拉.买买提"), "阿卜杜拉·买买提");
  assertAccepted(validatePersonName("吉𠮷"), "吉𠮷"); // a character outside the BMP counts as one
  assertAccepted(validatePersonName("爱新觉罗·溥仪"), "爱新觉罗·溥仪");
});

Deno.test("names in Latin letters are accepted", () => {
  assertAccepted(validatePersonName("John Smith"), "John Smith");
  assertAccepted(validatePersonName("  Zoë   O’Brien-Müller "), "Zoë O'Brien-Müller");
  assertAccepted(validatePersonName("J. R. R. Tolkien"), "J. R. R. Tolkien");
});

Deno.test("names are refused with the reason", () => {
  assertRefused(validatePersonName(""), /empty/);
  assertRefused(validatePersonName("张"), /2–20 characters \(got 1\)/);
  assertRefused(validatePersonName("张".repeat(21)), /2–20 characters \(got 21\)/);
  assertRefused(validatePersonName("·买买提"), /middle dot · may stand only between two parts/);
  assertRefused(validatePersonName("阿卜杜拉··买买提"), /between two parts/);
  assertRefused(validatePersonName("买买提·"), /between two parts/);
  assertRefused(validatePersonName("张三3"), /must not contain digits/);
  assertRefused(validatePersonName("张San"), /Chinese characters or in Latin letters, not both/);
  assertRefused(validatePersonName("张三😀"), /only Chinese characters and the middle dot/);
  assertRefused(validatePersonName("John@Smith"), /only letters, spaces, hyphens, apostrophes and periods/);
  assertRefused(validatePersonName("J"), /2–100 characters \(got 1\)/);
  assertRefused(validatePersonName("-- ''"), /Chinese characters or in Latin letters/);
  assertRefused(validatePersonName("Иван Петров"), /Chinese characters or in Latin letters/);
});
