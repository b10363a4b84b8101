/** A store as the console shows it, and the category names the onboarding module defines. */
import { STORE_CATEGORIES } from "../../identity/store-categories.ts";
import type { Locale } from "../i18n/locale.ts";
import { bilingual, type Translate } from "../i18n/translate.ts";

export interface StoreView {
  id: string;
  name: string;
  creditCode: string | null;
  category: string | null;
  floor: string | null;
  unit: string | null;
  areaM2: number | null;
  staffCount: number | null;
  status: string;
}

export const CATEGORIES = STORE_CATEGORIES.map((c) => ({ id: c.id, zh: c.zh, en: c.en }));

export function categoryName(locale: Locale, id: string | null): string {
  const category = STORE_CATEGORIES.find((c) => c.id === id);
  return category ? bilingual(locale, category) : id ?? "—";
}

export function StoreFacts({ store, locale, t }: { store: StoreView; locale: Locale; t: Translate }) {
  return (
    <dl class="facts">
      <dt>{t("apply.creditCode")}</dt>
      <dd>{store.creditCode ?? "—"}</dd>
      <dt>{t("apply.category")}</dt>
      <dd>{categoryName(locale, store.category)}</dd>
      <dt>{t("stores.location")}</dt>
      <dd>{[store.floor, store.unit].filter(Boolean).join(" · ") || "—"}</dd>
      <dt>{t("apply.areaM2")}</dt>
      <dd>{store.areaM2 ?? "—"}</dd>
      <dt>{t("apply.staffCount")}</dt>
      <dd>{store.staffCount ?? "—"}</dd>
    </dl>
  );
}
