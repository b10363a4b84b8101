import assert from "node:assert/strict";
import { countRatings, satisfactionRate } from "./rate.ts";

Deno.test("the rate is (satisfied + basically satisfied) / answers, as the Xuzhou standard defines it", () => {
  // 10 answers: 3 very satisfied, 3 satisfied, 2 basically satisfied, 1 dissatisfied, 1 very dissatisfied → 80 %.
  const counts = countRatings([{ rating: 5, n: 3 }, { rating: 4, n: 3 }, { rating: 3, n: 2 }, { rating: 2, n: 1 }, {
    rating: 1,
    n: 1,
  }]);
  assert.equal(counts.total, 10);
  assert.deepEqual(satisfactionRate(counts, 85), { ...counts, rate: 80, meetsTarget: false });
  assert.equal(satisfactionRate(counts, 80).meetsTarget, true, "the target itself counts as met");
  const third = countRatings([{ rating: 4, n: 2 }, { rating: 1, n: 1 }]);
  assert.equal(satisfactionRate(third, 85).rate, 66.7, "one decimal");
  assert.deepEqual(satisfactionRate(countRatings([]), 85), {
    byRating: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 },
    total: 0,
    rate: null,
    meetsTarget: null,
  });
});
