import assert from "node:assert/strict";
import { localeFromAcceptLanguage, pickLocale } from "./locale.ts";

Deno.test("the lang cookie wins, then Accept-Language, then Chinese", () => {
  assert.equal(pickLocale("en-US", "zh-CN,zh;q=0.9"), "en-US");
  assert.equal(pickLocale("zh-CN", "en-US"), "zh-CN");
  assert.equal(pickLocale("fr-FR", "en-GB,en;q=0.8"), "en-US", "an unknown cookie value is ignored");
  assert.equal(pickLocale(undefined, undefined), "zh-CN");
  assert.equal(pickLocale(undefined, "de-DE,fr;q=0.5"), "zh-CN");
});

Deno.test("Accept-Language is read by quality, any region of Chinese or English counts", () => {
  assert.equal(localeFromAcceptLanguage("zh-TW,en;q=0.8"), "zh-CN");
  assert.equal(localeFromAcceptLanguage("fr;q=0.9, en;q=0.8, zh;q=0.7"), "en-US");
  assert.equal(localeFromAcceptLanguage("zh;q=0.5, en-US"), "en-US");
  assert.equal(localeFromAcceptLanguage("en;q=0, zh-Hans"), "zh-CN", "q=0 means not acceptable");
  assert.equal(localeFromAcceptLanguage("*"), undefined);
});
