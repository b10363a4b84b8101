/** Business categories (业态) of stores, as data: forms list them, applications and stores store the id. */
export interface StoreCategory {
  id: string;
  zh: string;
  en: string;
}

export const STORE_CATEGORIES = [
  { id: "retail", zh: "零售", en: "Retail" },
  { id: "catering", zh: "餐饮", en: "Catering" },
  { id: "services", zh: "生活服务", en: "Services" },
  { id: "entertainment", zh: "休闲娱乐", en: "Leisure and entertainment" },
  { id: "culture", zh: "文化", en: "Culture" },
  { id: "education", zh: "教育培训", en: "Education and training" },
  { id: "health", zh: "健康医疗", en: "Health and medical" },
  { id: "other", zh: "其他", en: "Other" },
] as const satisfies readonly StoreCategory[];

export type StoreCategoryId = typeof STORE_CATEGORIES[number]["id"];

export const STORE_CATEGORY_IDS = STORE_CATEGORIES.map((c) => c.id) as [StoreCategoryId, ...StoreCategoryId[]];

export function isStoreCategory(value: unknown): value is StoreCategoryId {
  return typeof value === "string" && (STORE_CATEGORY_IDS as readonly string[]).includes(value);
}
