/** GET /api/v1/metrics/footfall and /sales: from the rollups, scoped to the caller's district and store. */
import assert from "node:assert/strict";
import { TestClient } from "../../tests/support/http.ts";
import { createPlatformAdmin } from "../../tests/support/platform-admin.ts";
import { datacenterSetup } from "./test-helpers.ts";

/** The figures below sit on fixed dates in June 2025; the districts keep raw events long enough to accept them. */
const KEEP_FIXED_DATES = { rawRetentionDays: 3650 };

const RANGE = "from=2025-06-01T00:00:00%2B08:00&to=2025-06-02T00:00:00%2B08:00";

async function seeded() {
  const t = await datacenterSetup(KEEP_FIXED_DATES);
  const { a1, a2 } = t.stores;
  const sale = (id: string, store: string, amountFen: number, paymentMethod: string, at: string, refund = false) => ({
    type: "sale",
    id,
    storeId: store,
    receiptId: id,
    amountFen,
    paymentMethod,
    refund,
    at,
  });
  const res = await (await t.keyClient(t.a)).post("/api/v1/events", {
    events: [
      sale("s1", a1, 12_800, "wechat", "2025-06-01T10:15:00+08:00"),
      sale("s2", a1, 5_000, "cash", "2025-06-01T10:45:00+08:00"),
      sale("r1", a1, 2_000, "wechat", "2025-06-01T10:50:00+08:00", true),
      sale("s3", a2, 7_000, "alipay", "2025-06-01T11:05:00+08:00"),
      { type: "footfall", id: "f1", counterId: "c1", zone: "1F", in: 12, out: 7, at: "2025-06-01T10:15:00+08:00" },
      {
        type: "footfall",
        id: "f2",
        counterId: "c2",
        zone: "2F",
        storeId: a1,
        in: 5,
        out: 4,
        at: "2025-06-01T10:20:00+08:00",
      },
      {
        type: "footfall",
        id: "f3",
        counterId: "c3",
        zone: "2F",
        storeId: a2,
        in: 2,
        out: 2,
        at: "2025-06-01T11:20:00+08:00",
      },
    ],
  });
  assert.equal(res.status, 200);
  await (await t.keyClient(t.b)).post("/api/v1/events", {
    events: [sale("s1", t.stores.b1, 99_900, "card", "2025-06-01T10:15:00+08:00")],
  });
  await t.rollup(t.a);
  await t.rollup(t.b);
  return t;
}

Deno.test("operators see the district's sales and footfall per hour and day, filtered by store or zone", async () => {
  await using t = await seeded();
  const admin = await t.signIn(t.a, "operator_admin");
  const hourly = await (await admin.get(`/api/v1/metrics/sales?${RANGE}&granularity=hour`)).json();
  assert.deepEqual(
    hourly.buckets.map((b: { start: string; salesFen: number; refundFen: number; netFen: number }) => [
      b.start,
      b.salesFen,
      b.refundFen,
      b.netFen,
    ]),
    [
      ["2025-06-01T02:00:00.000Z", 17_800, 2_000, 15_800],
      ["2025-06-01T03:00:00.000Z", 7_000, 0, 7_000],
    ],
  );
  assert.deepEqual(hourly.buckets[0].paymentMethods, {
    cash: { count: 1, netFen: 5_000 },
    card: { count: 0, netFen: 0 },
    wechat: { count: 2, netFen: 10_800 },
    alipay: { count: 0, netFen: 0 },
    ecny: { count: 0, netFen: 0 },
  });
  assert.equal(hourly.buckets[0].salesCount, 2);
  assert.equal(hourly.buckets[0].refundCount, 1);

  const daily = await (await admin.get(`/api/v1/metrics/sales?${RANGE}&granularity=day`)).json();
  assert.deepEqual(daily.buckets.map((b: { start: string; netFen: number }) => [b.start, b.netFen]), [
    ["2025-05-31T16:00:00.000Z", 22_800],
  ]);
  const oneStore = await (await admin.get(`/api/v1/metrics/sales?${RANGE}&granularity=day&storeId=${t.stores.a2}`))
    .json();
  assert.deepEqual(oneStore.buckets.map((b: { netFen: number }) => b.netFen), [7_000]);

  const staff = await t.signIn(t.a, "operator_staff");
  const footfall = await (await staff.get(`/api/v1/metrics/footfall?${RANGE}`)).json();
  assert.deepEqual(footfall.buckets, [
    { start: "2025-06-01T02:00:00.000Z", in: 17, out: 11 },
    { start: "2025-06-01T03:00:00.000Z", in: 2, out: 2 },
  ]);
  const zone = await (await staff.get(`/api/v1/metrics/footfall?${RANGE}&granularity=day&zone=1F`)).json();
  assert.deepEqual(zone.buckets, [{ start: "2025-05-31T16:00:00.000Z", in: 12, out: 7 }]);

  const backwards = await admin.get("/api/v1/metrics/sales?from=2025-06-02T00:00:00Z&to=2025-06-01T00:00:00Z");
  assert.equal(backwards.status, 422);
  assert.equal((await backwards.json()).errors[0].field, "to");
  assert.equal((await admin.get("/api/v1/metrics/sales?from=yesterday&to=today")).status, 422);
  const tooLong = await admin.get("/api/v1/metrics/footfall?from=2025-01-01T00:00:00Z&to=2025-03-01T00:00:00Z");
  assert.equal(tooLong.status, 422, "at most 31 days of hours");
});

Deno.test("store users see only their own store", async () => {
  await using t = await seeded();
  for (const role of ["store_owner", "store_staff"] as const) {
    const owner = await t.signIn(t.a, role, t.stores.a1);
    const sales = await (await owner.get(`/api/v1/metrics/sales?${RANGE}&granularity=day`)).json();
    assert.equal(sales.storeId, t.stores.a1);
    assert.deepEqual(sales.buckets.map((b: { salesFen: number; refundFen: number }) => [b.salesFen, b.refundFen]), [
      [17_800, 2_000],
    ]);
    const footfall = await (await owner.get(`/api/v1/metrics/footfall?${RANGE}&granularity=day`)).json();
    assert.deepEqual(footfall.buckets.map((b: { in: number }) => b.in), [5], "only its own door's footfall");
    const other = await owner.get(`/api/v1/metrics/sales?${RANGE}&storeId=${t.stores.a2}`);
    assert.equal(other.status, 403);
    const own = await owner.get(`/api/v1/metrics/sales?${RANGE}&storeId=${t.stores.a1}`);
    assert.equal(own.status, 200);
  }
});

Deno.test("metrics: other districts see nothing, platform admins and anonymous callers are refused", async () => {
  await using t = await seeded();
  const adminB = await t.signIn(t.b, "operator_admin");
  const b = await (await adminB.get(`/api/v1/metrics/sales?${RANGE}&granularity=day`)).json();
  assert.deepEqual(b.buckets.map((x: { salesFen: number }) => x.salesFen), [99_900], "only district B's own sale");
  const peek = await (await adminB.get(`/api/v1/metrics/sales?${RANGE}&storeId=${t.stores.a1}`)).json();
  assert.deepEqual(peek.buckets, [], "naming A's store from B finds nothing");
  assert.deepEqual((await (await adminB.get(`/api/v1/metrics/footfall?${RANGE}`)).json()).buckets, []);

  const platform = await createPlatformAdmin(t.database);
  const admin = new TestClient(t.app);
  await admin.signIn(platform.login, platform.password);
  assert.equal((await admin.get(`/api/v1/metrics/sales?${RANGE}`)).status, 403);
  assert.equal((await new TestClient(t.app).get(`/api/v1/metrics/footfall?${RANGE}`)).status, 401);
  const pos = await t.keyClient(t.a);
  assert.equal((await pos.get(`/api/v1/metrics/sales?${RANGE}`)).status, 403, "an events:write key cannot read");
});
