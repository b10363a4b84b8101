/**
 * Looking up messages. Both dictionaries are small and go into the browser bundle too, so islands translate
 * with the same function as the server. `{name}` in a message is replaced by `vars.name`.
 */
import { enUS } from "./en-US.ts";
import type { Locale } from "./locale.ts";
import { type MessageKey, type Messages, zhCN } from "./zh-CN.ts";

export type { MessageKey };

const DICTIONARIES: Record<Locale, Messages> = { "zh-CN": zhCN, "en-US": enUS };

/** A name given in both languages, as tenants, roles, categories and plugins carry them. */
export interface Bilingual {
  zh: string;
  en: string;
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translator(locale: Locale): Translate {
  const messages = DICTIONARIES[locale];
  return (key, vars) => fill(messages[key], vars);
}

export function bilingual(locale: Locale, name: Bilingual): string {
  return locale === "en-US" ? name.en : name.zh;
}

function fill(text: string, vars?: Record<string, string | number>): string {
  return vars ? text.replace(/\{(\w+)\}/g, (whole, name) => name in vars ? String(vars[name]) : whole) : text;
}

/**
 * A plugin's own messages, in both languages: `const messages = defineMessages({ "zh-CN": {...}, "en-US": {...} })`,
 * then `const t = messages(ctx.locale)` and `t("key", { name })`. The English dictionary must have exactly the
 * Chinese one's keys (a missing or extra one does not compile), as with the core's dictionaries.
 */
export function defineMessages<M extends Record<string, string>>(
  dictionaries: { "zh-CN": M; "en-US": { [K in keyof M]: string } },
): (locale: Locale) => (key: keyof M & string, vars?: Record<string, string | number>) => string {
  return (locale) => {
    const messages: Record<string, string> = dictionaries[locale];
    return (key, vars) => fill(messages[key], vars);
  };
}
