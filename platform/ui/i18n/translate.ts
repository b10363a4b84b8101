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
  return (key, vars) => {
    const text = messages[key];
    return vars ? text.replace(/\{(\w+)\}/g, (whole, name) => name in vars ? String(vars[name]) : whole) : text;
  };
}

export function bilingual(locale: Locale, name: Bilingual): string {
  return locale === "en-US" ? name.en : name.zh;
}
