/** What a coupon takes off a purchase, in whole fen. */
import assert from "node:assert/strict";
import { ProblemError } from "../../../platform/sdk.ts";
import { type CouponTerms, couponValue } from "./discount.ts";

const none = { amountOffFen: null, percentOff: null, maxDiscountFen: null, giftDescription: null, freeMinutes: null };
const amount: CouponTerms = { ...none, kind: "amount", amountOffFen: 2000, minSpendFen: 10_000 };
const percent: CouponTerms = { ...none, kind: "percent", percentOff: 15, maxDiscountFen: 3000, minSpendFen: 0 };

function refusedField(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ProblemError);
    assert.equal(error.status, 422);
    return error.errors?.[0]?.field;
  }
  assert.fail("expected a 422 problem");
}

Deno.test("discount: an amount off needs the minimum spend, and never takes off more than the purchase", () => {
  assert.deepEqual(couponValue(amount, 12_800), {
    discountFen: 2000,
    payableFen: 10_800,
    gift: null,
    freeMinutes: null,
  });
  assert.equal(couponValue(amount, 10_000).discountFen, 2000, "the minimum itself qualifies");
  assert.equal(refusedField(() => couponValue(amount, 9_999)), "amountFen");
  assert.equal(refusedField(() => couponValue(amount, undefined)), "amountFen", "the minimum needs the amount");
  const noMinimum = { ...amount, minSpendFen: 0 };
  assert.equal(couponValue(noMinimum, undefined).discountFen, 2000, "without a minimum the amount is optional");
  assert.deepEqual(couponValue(noMinimum, 1500), { discountFen: 1500, payableFen: 0, gift: null, freeMinutes: null });
});

Deno.test("discount: a percentage rounds down to the fen and stops at its cap", () => {
  assert.equal(couponValue(percent, 9_999).discountFen, 1499, "15 % of ¥99.99 is ¥14.9985: ¥14.99");
  assert.equal(couponValue(percent, 19_999).discountFen, 2999);
  assert.equal(couponValue(percent, 100_000).discountFen, 3000, "capped at ¥30");
  assert.equal(couponValue(percent, 100_000).payableFen, 97_000);
  assert.equal(refusedField(() => couponValue(percent, undefined)), "amountFen");
});

Deno.test("discount: gifts and parking take nothing off and say what they give", () => {
  const gift: CouponTerms = { ...none, kind: "gift", giftDescription: "咖啡一杯", minSpendFen: 0 };
  assert.deepEqual(couponValue(gift, undefined), {
    discountFen: 0,
    payableFen: null,
    gift: "咖啡一杯",
    freeMinutes: null,
  });
  const parking: CouponTerms = { ...none, kind: "parking", freeMinutes: 120, minSpendFen: 0 };
  assert.deepEqual(couponValue(parking, undefined), { discountFen: 0, payableFen: null, gift: null, freeMinutes: 120 });
});
