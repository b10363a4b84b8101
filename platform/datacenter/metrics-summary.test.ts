/**
 * GET /api/v1/metrics/summary and /api/v1/metrics/stores, against numbers worked out by hand from the events below.
 *
 * Day D (10 days ago), district A: entrances count 160 in (dwell: 80 people out at 30 min, 20 at 60 min), store
 * a1's door 40 in; a1 sells 12,800 (WeChat) and 5,000 (cash) and refunds 2,000 (WeChat), a2 sells 7,000 and 3,000
 * (Alipay). a1 has 100 m² and 5 staff, a2 50 m² and no staff count. Day D−1: 100 in, a1 sells 10,000 (card).
 * D a year earlier: 200 in, no sales. Units: 1F-101 (a1, open), 1F-102 (a2 from D), 2F-201 (a1 until D−30).
 */
import assert from "node:assert/strict";
import { TestClient } from "../../tests/support/http.ts";
import { createStore } from "../../tests/support/identity.ts";
import { createPlatformAdmin } from "../../tests/support/platform-admin.ts";
import { addDays, at, localDay, rangeQuery, yearBefore } from "./metrics-test-days.ts";
import { datacenterSetup } from "./test-helpers.ts";

const D = localDay(-10);
const DAY = rangeQuery(at(D, "00:00"), at(addDays(D, 1), "00:00"));

function sale(id: string, storeId: string, amountFen: number, paymentMethod: string, time: string, refund = false) {
  return { type: "sale", id, storeId, receiptId: id, amountFen, paymentMethod, refund, at: time };
}

function footfall(id: string, inCount: number, out: number, time: string, extra: Record<string, unknown> = {}) {
  return { type: "footfall", id, counterId: "c1", zone: "1F", in: inCount, out, at: time, ...extra };
}

async function seeded() {
  const t = await datacenterSetup();
  const { a1, a2, b1 } = t.stores;
  const res = await (await t.keyClient(t.a)).post("/api/v1/events", {
    events: [
      footfall("f1", 100, 80, at(D, "10:15"), { dwellSeconds: 1800 }),
      footfall("f2", 60, 40, at(D, "14:00")),
      footfall("f3", 0, 20, at(D, "20:00"), { dwellSeconds: 3600 }),
      footfall("door-a1", 40, 35, at(D, "11:00"), { storeId: a1, counterId: "door-a1" }),
      sale("s1", a1, 12_800, "wechat", at(D, "10:15")),
      sale("s2", a1, 5_000, "cash", at(D, "10:45")),
      sale("r1", a1, 2_000, "wechat", at(D, "10:50"), true),
      sale("s3", a2, 7_000, "alipay", at(D, "11:05")),
      sale("s4", a2, 3_000, "alipay", at(D, "15:30")),
      footfall("p1", 100, 90, at(addDays(D, -1), "12:00")),
      sale("p2", a1, 10_000, "card", at(addDays(D, -1), "12:30")),
      footfall("y1", 200, 180, at(yearBefore(D), "15:00")),
    ],
  });
  assert.equal(res.status, 200, await res.clone().text());
  const resB = await (await t.keyClient(t.b)).post("/api/v1/events", {
    events: [sale("s1", b1, 99_900, "card", at(D, "10:15")), footfall("f1", 500, 400, at(D, "10:15"))],
  });
  assert.equal(resB.status, 200);
  const admin = await t.signIn(t.a, "operator_admin");
  assert.equal((await admin.patch(`/api/v1/stores/${a1}`, { areaM2: 100, staffCount: 5 })).status, 200);
  assert.equal((await admin.patch(`/api/v1/stores/${a2}`, { areaM2: 50 })).status, 200);
  const put = await admin.request("PUT", "/api/v1/district/units", {
    units: [
      { code: "1F-101", floor: "1F", areaM2: 100, occupancies: [{ storeId: a1, since: "2020-01-01" }] },
      { code: "1F-102", floor: "1F", areaM2: 50, occupancies: [{ storeId: a2, since: D }] },
      {
        code: "2F-201",
        floor: "2F",
        areaM2: 80,
        occupancies: [{ storeId: a1, since: "2020-01-01", until: addDays(D, -30) }],
      },
    ],
  });
  assert.equal(put.status, 200);
  await t.rollup(t.a);
  await t.rollup(t.b);
  return { ...t, admin };
}

const ZERO_MIX = { transactions: 0, netSalesFen: 0, share: 0 };

Deno.test("the summary's figures, the preceding day and the year before, and the changes", async () => {
  await using t = await seeded();
  const res = await t.admin.get(`/api/v1/metrics/summary?${DAY}`);
  assert.equal(res.status, 200);
  const s = await res.json();
  assert.equal(s.storeId, null);
  assert.equal(s.from, new Date(at(D, "00:00")).toISOString());
  const pick = (p: Record<string, unknown>) => ({
    footfallIn: p.footfallIn,
    transactions: p.transactions,
    netSalesFen: p.netSalesFen,
    conversion: p.conversion,
    avgTicketFen: p.avgTicketFen,
    salesPerM2Fen: p.salesPerM2Fen,
    salesPerStaffFen: p.salesPerStaffFen,
    dwellMinutes: p.dwellMinutes,
    vacancy: p.vacancy,
  });
  assert.deepEqual(pick(s), {
    footfallIn: 160, // the entrances only: a1's door (40) is inside the district
    transactions: 4, // s1, s2, s3, s4; the refund is not a transaction
    netSalesFen: 25_800, // 12,800 + 5,000 − 2,000 + 7,000 + 3,000
    conversion: 0.025, // 4 ÷ 160
    avgTicketFen: 6_450, // 25,800 ÷ 4
    salesPerM2Fen: 172, // (15,800 + 10,000) ÷ (100 + 50)
    salesPerStaffFen: 3_160, // 15,800 ÷ 5: a2 has no staff count
    dwellMinutes: 36, // (1,800 × 80 + 3,600 × 20) ÷ 100 = 2,160 s
    vacancy: { units: 3, vacant: 1, rate: 0.3333 }, // 2F-201 was left on D−30
  });
  assert.deepEqual([s.salesFen, s.refunds, s.refundFen, s.reportingStores], [27_800, 1, 2_000, 2]);
  assert.deepEqual(s.paymentMix, {
    wechat: { transactions: 1, netSalesFen: 10_800, share: 0.4186 },
    cash: { transactions: 1, netSalesFen: 5_000, share: 0.1938 },
    alipay: { transactions: 2, netSalesFen: 10_000, share: 0.3876 },
    card: ZERO_MIX,
    ecny: ZERO_MIX,
  });
  assert.deepEqual(pick(s.previous), {
    footfallIn: 100,
    transactions: 1,
    netSalesFen: 10_000,
    conversion: 0.01,
    avgTicketFen: 10_000,
    salesPerM2Fen: 100,
    salesPerStaffFen: 2_000,
    dwellMinutes: null,
    vacancy: { units: 3, vacant: 2, rate: 0.6667 }, // 1F-102 was let from D
  });
  assert.equal(s.previous.from, new Date(at(addDays(D, -1), "00:00")).toISOString());
  assert.deepEqual(pick(s.yearAgo), {
    footfallIn: 200,
    transactions: 0,
    netSalesFen: 0,
    conversion: 0,
    avgTicketFen: null,
    salesPerM2Fen: null,
    salesPerStaffFen: null,
    dwellMinutes: null,
    vacancy: { units: 3, vacant: 1, rate: 0.3333 }, // 1F-102 not yet let, 2F-201 still let
  });
  assert.equal(s.yearAgo.from, new Date(at(yearBefore(D), "00:00")).toISOString());
  assert.deepEqual(s.change, {
    pop: { footfallIn: 0.6, transactions: 3, netSalesFen: 1.58, avgTicketFen: -0.355 },
    yoy: { footfallIn: -0.2, transactions: null, netSalesFen: null, avgTicketFen: null },
  });
});

Deno.test("a period that is not whole days is read from the hourly rollups", async () => {
  await using t = await seeded();
  const s = await (await t.admin.get(`/api/v1/metrics/summary?${rangeQuery(at(D, "10:00"), at(D, "12:00"))}`))
    .json();
  assert.deepEqual(
    [s.footfallIn, s.transactions, s.netSalesFen, s.conversion, s.dwellMinutes],
    [100, 3, 22_800, 0.03, 30],
  );
  assert.equal(s.previous.from, new Date(at(D, "08:00")).toISOString());
  assert.deepEqual([s.previous.footfallIn, s.previous.transactions], [0, 0]);
  assert.equal(s.change.pop.footfallIn, null, "no base, no change");

  const backwards = await t.admin.get(`/api/v1/metrics/summary?${rangeQuery(at(D, "12:00"), at(D, "10:00"))}`);
  assert.equal(backwards.status, 422);
  assert.equal((await backwards.json()).errors[0].field, "to");
  const longHours = await t.admin.get(
    `/api/v1/metrics/summary?${rangeQuery(at(D, "10:00"), at(addDays(D, 40), "10:00"))}`,
  );
  assert.equal(longHours.status, 422, "over 31 days needs whole days");
  assert.equal((await longHours.json()).errors[0].field, "to");
  const longDays = await t.admin.get(
    `/api/v1/metrics/summary?${rangeQuery(at(D, "00:00"), at(addDays(D, 40), "00:00"))}`,
  );
  assert.equal(longDays.status, 200);
  assert.equal((await t.admin.get("/api/v1/metrics/summary?from=yesterday&to=today")).status, 422);
});

Deno.test("summary: one store's figures; store users get their own and 403 for another", async () => {
  await using t = await seeded();
  const expected = {
    storeId: t.stores.a1,
    footfallIn: 40,
    transactions: 2,
    netSalesFen: 15_800,
    conversion: 0.05,
    avgTicketFen: 7_900,
    salesPerM2Fen: 158,
    salesPerStaffFen: 3_160,
  };
  const pick = (s: Record<string, unknown>) => Object.fromEntries(Object.keys(expected).map((k) => [k, s[k]]));
  const asOperator = await (await t.admin.get(`/api/v1/metrics/summary?${DAY}&storeId=${t.stores.a1}`)).json();
  assert.deepEqual(pick(asOperator), expected);
  for (const role of ["store_owner", "store_staff"] as const) {
    const owner = await t.signIn(t.a, role, t.stores.a1);
    const own = await (await owner.get(`/api/v1/metrics/summary?${DAY}`)).json();
    assert.deepEqual(pick(own), expected);
    assert.deepEqual([own.previous.netSalesFen, own.previous.footfallIn], [10_000, 0]);
    assert.equal((await owner.get(`/api/v1/metrics/summary?${DAY}&storeId=${t.stores.a2}`)).status, 403);
    assert.equal((await owner.get(`/api/v1/metrics/stores?${DAY}`)).status, 403, "the store table is the operator's");
  }
});

Deno.test("the per-store table for operators", async () => {
  await using t = await seeded();
  const quiet = await createStore(t.database, t.a, "甲三店");
  await t.admin.patch(`/api/v1/stores/${quiet}`, { areaM2: 30 });
  const res = await t.admin.get(`/api/v1/metrics/stores?${DAY}`);
  assert.equal(res.status, 200);
  const { stores } = await res.json();
  assert.equal(stores.length, 3);
  const row = (id: string) => stores.find((s: { storeId: string }) => s.storeId === id);
  assert.deepEqual(row(t.stores.a1), {
    storeId: t.stores.a1,
    name: "甲一店",
    status: "active",
    areaM2: 100,
    staffCount: 5,
    footfallIn: 40,
    transactions: 2,
    netSalesFen: 15_800,
    conversion: 0.05,
    avgTicketFen: 7_900,
    salesPerM2Fen: 158,
    salesPerStaffFen: 3_160,
    dwellMinutes: null,
  });
  assert.deepEqual(row(t.stores.a2), {
    storeId: t.stores.a2,
    name: "甲二店",
    status: "active",
    areaM2: 50,
    staffCount: null,
    footfallIn: 0,
    transactions: 2,
    netSalesFen: 10_000,
    conversion: null,
    avgTicketFen: 5_000,
    salesPerM2Fen: 200,
    salesPerStaffFen: null,
    dwellMinutes: null,
  });
  assert.deepEqual(
    [row(quiet).transactions, row(quiet).salesPerM2Fen, row(quiet).salesPerStaffFen],
    [0, 0, null],
    "sold nothing on 30 m²: 坪效 0; staff unknown",
  );
  const staff = await t.signIn(t.a, "operator_staff");
  assert.equal((await staff.get(`/api/v1/metrics/stores?${DAY}`)).status, 200);
});

Deno.test("summary and store table: another district's figures never appear", async () => {
  await using t = await seeded();
  const adminB = await t.signIn(t.b, "operator_admin");
  const b = await (await adminB.get(`/api/v1/metrics/summary?${DAY}`)).json();
  assert.deepEqual([b.footfallIn, b.transactions, b.netSalesFen], [500, 1, 99_900]);
  assert.deepEqual(b.vacancy, { units: 0, vacant: 0, rate: null }, "A's units are not B's");
  const peek = await (await adminB.get(`/api/v1/metrics/summary?${DAY}&storeId=${t.stores.a1}`)).json();
  assert.deepEqual([peek.footfallIn, peek.transactions, peek.netSalesFen], [0, 0, 0], "naming A's store finds nothing");
  const table = await (await adminB.get(`/api/v1/metrics/stores?${DAY}`)).json();
  assert.deepEqual(table.stores.map((s: { storeId: string; netSalesFen: number }) => [s.storeId, s.netSalesFen]), [
    [t.stores.b1, 99_900],
  ]);
  const platform = await createPlatformAdmin(t.database);
  const admin = new TestClient(t.app);
  await admin.signIn(platform.login, platform.password);
  assert.equal((await admin.get(`/api/v1/metrics/summary?${DAY}`)).status, 403);
  assert.equal((await new TestClient(t.app).get(`/api/v1/metrics/summary?${DAY}`)).status, 401);
  assert.equal((await new TestClient(t.app).get(`/api/v1/metrics/stores?${DAY}`)).status, 401);
  assert.equal((await (await t.keyClient(t.a)).get(`/api/v1/metrics/summary?${DAY}`)).status, 403, "a POS key cannot");
});

Deno.test("dwell time is optional on footfall events and checked: whole seconds, at most a day", async () => {
  await using t = await datacenterSetup();
  const key = await t.keyClient(t.a);
  const refused = await key.post("/api/v1/events", {
    events: [
      footfall("ok", 5, 5, at(D, "10:00"), { dwellSeconds: 600 }),
      footfall("long", 5, 5, at(D, "10:00"), { dwellSeconds: 86_401 }),
      footfall("negative", 5, 5, at(D, "10:00"), { dwellSeconds: -1 }),
      footfall("fraction", 5, 5, at(D, "10:00"), { dwellSeconds: 1.5 }),
    ],
  });
  assert.equal(refused.status, 422);
  assert.deepEqual((await refused.json()).errors.map((e: { field: string }) => e.field), [
    "events.1.dwellSeconds",
    "events.2.dwellSeconds",
    "events.3.dwellSeconds",
  ]);
  assert.equal(await t.count(t.a, "footfall"), 0, "nothing of the batch was stored");
});
