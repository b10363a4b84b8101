/** A coupon's value and validity in words, the same on the console, the till and the member's phone. */
import { formatDateTime, type Locale } from "../../../platform/sdk.ts";
import type { CouponText } from "./messages.ts";

export interface DescribedTerms {
  kind: "amount" | "percent" | "gift" | "parking";
  amountOffFen: number | null;
  percentOff: number | null;
  maxDiscountFen: number | null;
  giftDescription: string | null;
  freeMinutes: number | null;
  minSpendFen: number;
}

export const yuan = (fen: number) => (fen / 100).toFixed(2);

/** "减 ¥20.00，满 ¥100.00 可用" / "¥20.00 off, on ¥100.00 or more". */
export function valueText(t: CouponText, terms: DescribedTerms): string {
  const value = terms.kind === "amount"
    ? t("value.amount", { amount: yuan(terms.amountOffFen!) })
    : terms.kind === "percent"
    ? t("value.percent", {
      percent: terms.percentOff!,
      // 折 counts what is paid, in tenths: 20 % off is 8 折, 15 % off is 8.5 折.
      zhe: String((100 - terms.percentOff!) / 10),
      cap: yuan(terms.maxDiscountFen!),
    })
    : terms.kind === "gift"
    ? t("value.gift", { gift: terms.giftDescription! })
    : t("value.parking", { minutes: terms.freeMinutes! });
  return terms.minSpendFen > 0 ? `${value}, ${t("value.minSpend", { amount: yuan(terms.minSpendFen) })}` : value;
}

/** A template's validity: its window, its days after issue, or both. */
export function templateValidity(
  t: CouponText,
  locale: Locale,
  template: { validFrom: string | null; validUntil: string | null; validDays: number | null },
): string {
  const until = template.validUntil ? formatDateTime(locale, template.validUntil) : null;
  const text = template.validDays
    ? until ? t("validity.daysUntil", { days: template.validDays, until }) : t("validity.days", {
      days: template.validDays,
    })
    : template.validFrom
    ? t("validity.window", { from: formatDateTime(locale, template.validFrom), until: until! })
    : t("validity.until", { until: until! });
  return template.validFrom && template.validDays
    ? `${t("validity.from", { from: formatDateTime(locale, template.validFrom) })}, ${text}`
    : text;
}
