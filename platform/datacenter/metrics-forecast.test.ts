/**
 * GET /api/v1/metrics/forecast: the weekday mean of the last four weeks, worked out by hand. T is today in Shanghai;
 * T+7 has the same weekday as T−7, T−14, T−21 and T−28.
 */
import assert from "node:assert/strict";
import { addDays, at, localDay } from "./metrics-test-days.ts";
import { datacenterSetup } from "./test-helpers.ts";

Deno.test("the forecast: weekday mean and band, days before the data began left out, scoped by store", async () => {
  await using t = await datacenterSetup();
  const T = localDay(0);
  const { a1, a2, b1 } = t.stores;
  const day = (n: number) => addDays(T, n);
  const entrance = (id: string, n: number, inCount: number) => ({
    type: "footfall",
    id,
    counterId: "gate",
    zone: "1F",
    in: inCount,
    out: 0,
    at: at(day(n), "12:00"),
  });
  const sale = (id: string, storeId: string, n: number, amountFen: number, refund = false) => ({
    type: "sale",
    id,
    storeId,
    receiptId: id,
    amountFen,
    paymentMethod: "wechat",
    refund,
    at: at(day(n), "12:00"),
  });
  const res = await (await t.keyClient(t.a)).post("/api/v1/events", {
    events: [
      // Footfall began on T−21: T−28 is before the data and does not count as a zero.
      entrance("f21", -21, 300),
      entrance("f14", -14, 200),
      entrance("f7", -7, 100),
      sale("s14", a1, -14, 5_000),
      sale("s7", a1, -7, 10_000),
      sale("r7", a1, -7, 1_000, true),
      sale("x7", a2, -7, 3_000),
    ],
  });
  assert.equal(res.status, 200);
  await (await t.keyClient(t.b)).post("/api/v1/events", { events: [sale("b7", b1, -7, 77_700)] });
  await t.rollup(t.a);
  await t.rollup(t.b);

  const admin = await t.signIn(t.a, "operator_admin");
  const res2 = await admin.get("/api/v1/metrics/forecast?metric=footfall");
  assert.equal(res2.status, 200);
  const footfall = await res2.json();
  assert.equal(footfall.method.id, "weekday-mean-4w");
  assert.match(footfall.method.description.zh, /同一星期几/);
  assert.deepEqual(footfall.history, { from: day(-28), to: T });
  assert.deepEqual(footfall.days.map((d: { date: string }) => d.date), [1, 2, 3, 4, 5, 6, 7].map(day));
  // T+7: T−7, T−14, T−21 → (100 + 200 + 300) ÷ 3.
  assert.deepEqual(footfall.days[6], { date: day(7), value: 200, low: 100, high: 300, samples: 3 });
  // T+1: T−6, T−13, T−20 had no footfall after the data began (closed: zero); T−27 was before it.
  assert.deepEqual(footfall.days[0], { date: day(1), value: 0, low: 0, high: 0, samples: 3 });

  const sales = await (await admin.get("/api/v1/metrics/forecast?metric=sales")).json();
  // Sales began on T−14: T−7 (10,000 − 1,000 + 3,000) and T−14 (5,000).
  assert.deepEqual(sales.days[6], { date: day(7), value: 8_500, low: 5_000, high: 12_000, samples: 2 });
  const oneStore = await (await admin.get(`/api/v1/metrics/forecast?metric=sales&storeId=${a2}`)).json();
  // a2's sales began on T−7: one sample.
  assert.deepEqual(oneStore.days[6], { date: day(7), value: 3_000, low: 3_000, high: 3_000, samples: 1 });

  const owner = await t.signIn(t.a, "store_owner", a1);
  const own = await (await owner.get("/api/v1/metrics/forecast?metric=sales")).json();
  assert.equal(own.storeId, a1);
  assert.deepEqual(own.days[6], { date: day(7), value: 7_000, low: 5_000, high: 9_000, samples: 2 });
  assert.equal((await owner.get(`/api/v1/metrics/forecast?metric=sales&storeId=${a2}`)).status, 403);

  const bad = await admin.get("/api/v1/metrics/forecast?metric=rain");
  assert.equal(bad.status, 422);
  assert.equal((await bad.json()).errors[0].field, "query.metric");

  // District B sees its own sale only, and has no footfall history at all.
  const adminB = await t.signIn(t.b, "operator_admin");
  const bSales = await (await adminB.get("/api/v1/metrics/forecast?metric=sales")).json();
  assert.deepEqual(bSales.days[6], { date: day(7), value: 77_700, low: 77_700, high: 77_700, samples: 1 });
  const bFootfall = await (await adminB.get("/api/v1/metrics/forecast?metric=footfall")).json();
  assert.deepEqual(bFootfall.days[6], { date: day(7), value: null, low: null, high: null, samples: 0 });
  const peek = await (await adminB.get(`/api/v1/metrics/forecast?metric=sales&storeId=${a1}`)).json();
  assert.equal(peek.days[6].samples, 0, "A's store has no history in B");
});
