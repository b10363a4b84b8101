/**
 * What a coupon is worth on one purchase. Money is in fen (integers), never floating yuan; a percentage discount
 * rounds down to the fen, so the district never gives away a fen more than the coupon says.
 */
import { ProblemError } from "../../../platform/sdk.ts";
import type { CouponKind } from "./schema.ts";

export interface CouponTerms {
  kind: CouponKind;
  amountOffFen: number | null;
  percentOff: number | null;
  maxDiscountFen: number | null;
  giftDescription: string | null;
  freeMinutes: number | null;
  minSpendFen: number;
}

export interface CouponValue {
  /** Taken off the purchase; 0 for gifts and parking. */
  discountFen: number;
  /** What the customer still pays, when the purchase amount was given. */
  payableFen: number | null;
  gift: string | null;
  freeMinutes: number | null;
}

/**
 * The coupon's value on a purchase of `amountFen` (undefined when the till did not say). Throws 422 naming
 * `amountFen` when the amount is needed (a percentage, a minimum spend) and missing or too small.
 */
export function couponValue(terms: CouponTerms, amountFen: number | undefined): CouponValue {
  const needsAmount = terms.kind === "percent" || terms.minSpendFen > 0;
  if (needsAmount && amountFen === undefined) {
    throw new ProblemError(422, "This coupon needs the purchase amount.", [
      { field: "amountFen", message: "give the purchase amount in fen" },
    ]);
  }
  if (amountFen !== undefined && amountFen < terms.minSpendFen) {
    throw new ProblemError(422, "The purchase is below the coupon's minimum spend.", [
      { field: "amountFen", message: `the coupon needs a purchase of at least ${terms.minSpendFen} fen` },
    ]);
  }
  let discountFen = 0;
  if (terms.kind === "amount") {
    discountFen = amountFen === undefined ? terms.amountOffFen! : Math.min(terms.amountOffFen!, amountFen);
  } else if (terms.kind === "percent") {
    discountFen = Math.min(Math.floor((amountFen! * terms.percentOff!) / 100), terms.maxDiscountFen!);
  }
  return {
    discountFen,
    payableFen: amountFen === undefined ? null : amountFen - discountFen,
    gift: terms.kind === "gift" ? terms.giftDescription : null,
    freeMinutes: terms.kind === "parking" ? terms.freeMinutes : null,
  };
}
