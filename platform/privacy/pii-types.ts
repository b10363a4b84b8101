/**
 * The kinds of personal information the platform knows how to validate, mask, encrypt and index. Other modules
 * name a kind by this union, so the permission `pii:read:<type>` and an audit entry's `type` use the same words.
 */
export const PII_TYPES = [
  "phone",
  "idNumber",
  "creditCode",
  "plate",
  "name",
  "bankCard",
  "email",
  "address",
  "birthDate",
] as const;

export type PiiType = typeof PII_TYPES[number];

export function isPiiType(value: unknown): value is PiiType {
  return typeof value === "string" && (PII_TYPES as readonly string[]).includes(value);
}

/** Labels for forms and audit views, Chinese first. */
export const PII_LABELS: Record<PiiType, { zh: string; en: string }> = {
  phone: { zh: "手机号码", en: "mobile number" },
  idNumber: { zh: "居民身份证号码", en: "resident ID number" },
  creditCode: { zh: "统一社会信用代码", en: "unified social credit code" },
  plate: { zh: "机动车号牌", en: "licence plate" },
  name: { zh: "姓名", en: "name" },
  bankCard: { zh: "银行卡号", en: "bank card number" },
  email: { zh: "电子邮箱", en: "email address" },
  address: { zh: "地址", en: "address" },
  birthDate: { zh: "出生日期", en: "birth date" },
};

/** A validator's answer: the normalised value, or one sentence saying what is wrong with the input. */
export type ValidationResult =
  | { ok: true; value: string }
  | { ok: false; message: string };

export const valid = (value: string): ValidationResult => ({ ok: true, value });
export const invalid = (message: string): ValidationResult => ({ ok: false, message });
