/** The earning formula on its own: which base rule applies, which campaign, and the rounding. */
import assert from "node:assert/strict";
import { earnBuckets, type EarnRule } from "./earn-calc.ts";

const storeA = "00000000-0000-7000-8000-00000000000a";
const storeB = "00000000-0000-7000-8000-00000000000b";
const at = new Date("2026-03-01T12:00:00+08:00");

function rule(partial: Partial<EarnRule> & Pick<EarnRule, "id" | "kind" | "scope">): EarnRule {
  return {
    storeId: null,
    category: null,
    pointsPerYuan: null,
    multiplier: null,
    startsAt: null,
    endsAt: null,
    dailyCapPerMember: null,
    excludedPaymentMethods: [],
    createdAt: new Date("2026-01-01T00:00:00Z"),
    ...partial,
  };
}

const options = { defaultPointsPerYuan: 1, levelMultiplier: 1 };

Deno.test("earn formula: without rules, the default rate, rounded down once", () => {
  const buckets = earnBuckets(
    { storeId: storeA, amountFen: 1_999, paymentMethod: "cash", items: null, at },
    [],
    options,
  );
  assert.deepEqual(buckets, [{ ruleKey: "default", dailyCapPerMember: null, points: 19 }]);
  // Three lines of 0.10, 0.20 and 0.70 yuan at 10 per yuan make 10 points, not 9 from floating-point sums.
  const lines = earnBuckets(
    {
      storeId: storeA,
      amountFen: 100,
      paymentMethod: "cash",
      items: [{ amountFen: 10, quantity: 1 }, { amountFen: 20, quantity: 1 }, { amountFen: 70, quantity: 1 }] as never,
      at,
    },
    [],
    { defaultPointsPerYuan: 10, levelMultiplier: 1 },
  );
  assert.equal(lines[0].points, 10);
});

Deno.test("earn formula: the most specific base rule applies, the newest at the same level", () => {
  const rules = [
    rule({ id: "district", kind: "base", scope: "district", pointsPerYuan: 1 }),
    rule({ id: "store-old", kind: "base", scope: "store", storeId: storeA, pointsPerYuan: 2 }),
    rule({
      id: "store-new",
      kind: "base",
      scope: "store",
      storeId: storeA,
      pointsPerYuan: 3,
      createdAt: new Date("2026-02-01T00:00:00Z"),
    }),
    rule({ id: "food", kind: "base", scope: "category", category: "餐饮", pointsPerYuan: 4 }),
    rule({ id: "food-at-a", kind: "base", scope: "category", category: "餐饮", storeId: storeA, pointsPerYuan: 6 }),
  ];
  const sale = (storeId: string, category?: string) =>
    earnBuckets(
      { storeId, amountFen: 10_000, paymentMethod: "wechat", items: [{ category, amountFen: 10_000 }], at },
      rules,
      options,
    );
  assert.deepEqual(sale(storeA, "餐饮").map((b) => [b.ruleKey, b.points]), [["food-at-a", 600]]);
  assert.deepEqual(sale(storeB, "餐饮").map((b) => [b.ruleKey, b.points]), [["food", 400]]);
  assert.deepEqual(sale(storeA, "服装").map((b) => [b.ruleKey, b.points]), [["store-new", 300]]);
  assert.deepEqual(sale(storeB).map((b) => [b.ruleKey, b.points]), [["district", 100]]);
});

Deno.test("earn formula: campaigns in their window multiply, the highest one, never stacked", () => {
  const rules = [
    rule({ id: "district", kind: "base", scope: "district", pointsPerYuan: 1 }),
    rule({
      id: "x2",
      kind: "campaign",
      scope: "district",
      multiplier: 2,
      startsAt: new Date("2026-03-01T00:00:00+08:00"),
      endsAt: new Date("2026-03-02T00:00:00+08:00"),
    }),
    rule({
      id: "x3-food",
      kind: "campaign",
      scope: "category",
      category: "餐饮",
      multiplier: 3,
      startsAt: new Date("2026-03-01T00:00:00+08:00"),
      endsAt: new Date("2026-03-02T00:00:00+08:00"),
      excludedPaymentMethods: ["cash"],
    }),
  ];
  const sale = (paymentMethod: string, when: Date) =>
    earnBuckets(
      {
        storeId: storeA,
        amountFen: 10_000,
        paymentMethod,
        items: [{ category: "餐饮", amountFen: 5_000 }, { category: "服装", amountFen: 5_000 }],
        at: when,
      },
      rules,
      { defaultPointsPerYuan: 1, levelMultiplier: 1.5 },
    )[0].points;
  // 50 × 3 × 1.5 + 50 × 2 × 1.5
  assert.equal(sale("wechat", at), 375);
  // Cash: the food campaign does not apply, the district one does: 100 × 2 × 1.5.
  assert.equal(sale("cash", at), 300);
  // The window's end is outside it.
  assert.equal(sale("wechat", new Date("2026-03-02T00:00:00+08:00")), 150);
});
