/** The rollup job: hourly and daily buckets, late events in old buckets, idempotent runs, per district. */
import assert from "node:assert/strict";
import { sql } from "kysely";
import { OWNER_ROLE } from "../db/roles.ts";
import { splitSqlStatements } from "../db/sql-split.ts";
import { withTenant } from "../db/tenant.ts";
import { type DatacenterSetup, datacenterSetup } from "./test-helpers.ts";

/** The figures below sit on fixed dates in June 2025; the districts keep raw events long enough to accept them. */
const KEEP_FIXED_DATES = { rawRetentionDays: 3650 };

type Snapshot = {
  granularity: string;
  metric: string;
  bucket: string;
  store: string;
  dim: string;
  n: number;
  total: number;
  min: number | null;
  max: number | null;
}[];

function snapshot(t: DatacenterSetup, tenantId: string): Promise<Snapshot> {
  return withTenant(t.db, tenantId, async (tx) =>
    (await sql<Snapshot[number]>`
      select granularity, metric, to_char(bucket at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"') as bucket, store, dim,
             n::float8 as n, total::float8 as total, min::float8 as min, max::float8 as max
        from core.metric_rollups order by 1, 2, 3, 4, 5
    `.execute(tx)).rows);
}

function pick(rows: Snapshot, granularity: string, metric: string, bucket: string, dim?: string) {
  return rows.filter((r) =>
    r.granularity === granularity && r.metric === metric && r.bucket === bucket &&
    (dim === undefined || r.dim === dim)
  );
}

function sale(id: string, store: string, amountFen: number, paymentMethod: string, at: string, refund = false) {
  return { type: "sale", id, storeId: store, receiptId: id, amountFen, paymentMethod, refund, at };
}

Deno.test("rollups: hourly and district-local daily buckets of every metric", async () => {
  await using t = await datacenterSetup(KEEP_FIXED_DATES);
  const pos = await t.keyClient(t.a);
  const { a1, a2 } = t.stores;
  const res = await pos.post("/api/v1/events", {
    events: [
      sale("s1", a1, 12_800, "wechat", "2025-06-01T10:15:00+08:00"),
      sale("s2", a1, 5_000, "cash", "2025-06-01T10:45:00+08:00"),
      sale("r1", a1, 2_000, "wechat", "2025-06-01T10:50:00+08:00", true),
      sale("s3", a2, 7_000, "alipay", "2025-06-01T11:05:00+08:00"),
      sale("s4", a2, 1_000, "ecny", "2025-06-01T23:30:00+08:00"),
      sale("s5", a2, 3_000, "card", "2025-06-02T00:30:00+08:00"),
      { type: "footfall", id: "f1", counterId: "c1", zone: "1F", in: 12, out: 7, at: "2025-06-01T10:15:00+08:00" },
      { type: "footfall", id: "f2", counterId: "c2", zone: "1F", in: 3, out: 1, at: "2025-06-01T10:20:00+08:00" },
      {
        type: "footfall",
        id: "f3",
        counterId: "c3",
        zone: "2F",
        storeId: a1,
        in: 5,
        out: 4,
        at: "2025-06-01T11:10:00+08:00",
      },
      {
        type: "sensor",
        id: "t1",
        deviceId: "ahu",
        metric: "temperature_c",
        value: 20,
        at: "2025-06-01T10:15:00+08:00",
      },
      {
        type: "sensor",
        id: "t2",
        deviceId: "ahu",
        metric: "temperature_c",
        value: 26,
        at: "2025-06-01T10:30:00+08:00",
      },
      { type: "parking", id: "p1", gateId: "g1", plate: "苏C12345", direction: "in", at: "2025-06-01T10:01:00+08:00" },
      { type: "parking", id: "p2", gateId: "g1", plate: "苏C12346", direction: "in", at: "2025-06-01T10:02:00+08:00" },
      { type: "parking", id: "p3", gateId: "g2", plate: "苏C12345", direction: "out", at: "2025-06-01T10:40:00+08:00" },
    ],
  });
  assert.equal(res.status, 200);
  const report = await t.rollup(t.a) as { hours: number; days: number };
  assert.deepEqual({ hours: report.hours, days: report.days }, { hours: 4, days: 2 });

  const rows = await snapshot(t, t.a);
  const h10 = "2025-06-01T02:00Z";
  assert.deepEqual(pick(rows, "hour", "sales.sale", h10).map((r) => [r.store, r.dim, r.n, r.total]), [
    [a1, "cash", 1, 5_000],
    [a1, "wechat", 1, 12_800],
  ]);
  assert.deepEqual(pick(rows, "hour", "sales.refund", h10).map((r) => [r.store, r.dim, r.n, r.total]), [
    [a1, "wechat", 1, 2_000],
  ]);
  assert.deepEqual(pick(rows, "hour", "footfall.in", h10).map((r) => [r.store, r.dim, r.n, r.total]), [[
    "",
    "1F",
    2,
    15,
  ]]);
  assert.deepEqual(pick(rows, "hour", "footfall.out", "2025-06-01T03:00Z").map((r) => [r.store, r.dim, r.total]), [
    [a1, "2F", 4],
  ]);
  assert.deepEqual(pick(rows, "hour", "sensor.temperature_c", h10).map((r) => [r.dim, r.n, r.total, r.min, r.max]), [
    ["ahu", 2, 46, 20, 26],
  ]);
  assert.deepEqual(pick(rows, "hour", "parking.in", h10).map((r) => [r.dim, r.total]), [["g1", 2]]);
  assert.deepEqual(pick(rows, "hour", "parking.out", h10).map((r) => [r.dim, r.total]), [["g2", 1]]);

  // Local days (Asia/Shanghai): 23:30 on 1 June is 1 June, 00:30 on 2 June is 2 June.
  const june1 = "2025-05-31T16:00Z";
  const june2 = "2025-06-01T16:00Z";
  assert.deepEqual(pick(rows, "day", "sales.sale", june1).map((r) => [r.store, r.dim, r.total]), [
    [a1, "cash", 5_000],
    [a1, "wechat", 12_800],
    [a2, "alipay", 7_000],
    [a2, "ecny", 1_000],
  ]);
  assert.deepEqual(pick(rows, "day", "sales.sale", june2).map((r) => [r.store, r.dim, r.total]), [[a2, "card", 3_000]]);
  assert.deepEqual(pick(rows, "day", "footfall.in", june1).map((r) => [r.store, r.dim, r.total]), [
    ["", "1F", 15],
    [a1, "2F", 5],
  ]);
  assert.deepEqual(pick(rows, "day", "sensor.temperature_c", june1).map((r) => [r.n, r.min, r.max]), [[2, 20, 26]]);
});

Deno.test("rollups: a late event lands in its old bucket after a rollup already ran; running twice changes nothing", async () => {
  await using t = await datacenterSetup(KEEP_FIXED_DATES);
  const pos = await t.keyClient(t.a);
  const { a1 } = t.stores;
  await pos.post("/api/v1/events", { events: [sale("s1", a1, 1_000, "cash", "2025-06-01T10:15:00+08:00")] });
  await t.rollup(t.a);
  const before = await snapshot(t, t.a);
  assert.equal(pick(before, "hour", "sales.sale", "2025-05-20T04:00Z").length, 0);

  // Late: happened on 20 May (and one more in the 1 June hour), received after the rollup of that day ran.
  await pos.post("/api/v1/events", {
    events: [
      sale("late", a1, 700, "cash", "2025-05-20T12:30:00+08:00"),
      sale("s2", a1, 300, "cash", "2025-06-01T10:59:59+08:00"),
    ],
  });
  assert.deepEqual(await snapshot(t, t.a), before, "nothing changes until the job runs");
  const report = await t.rollup(t.a) as { hours: number; days: number };
  assert.deepEqual({ hours: report.hours, days: report.days }, { hours: 2, days: 2 });
  const after = await snapshot(t, t.a);
  assert.deepEqual(pick(after, "hour", "sales.sale", "2025-05-20T04:00Z").map((r) => [r.n, r.total]), [[1, 700]]);
  assert.deepEqual(pick(after, "day", "sales.sale", "2025-05-19T16:00Z").map((r) => [r.n, r.total]), [[1, 700]]);
  assert.deepEqual(pick(after, "hour", "sales.sale", "2025-06-01T02:00Z").map((r) => [r.n, r.total]), [[2, 1_300]]);
  assert.deepEqual(pick(after, "day", "sales.sale", "2025-05-31T16:00Z").map((r) => [r.n, r.total]), [[2, 1_300]]);

  const again = await t.rollup(t.a) as { hours: number };
  assert.equal(again.hours, 0, "nothing new to read");
  assert.deepEqual(await snapshot(t, t.a), after);
  // Even re-reading everything (watermark lost) writes the same numbers.
  await withTenant(t.db, t.a, (tx) => tx.updateTable("core.rollup_watermarks").set({ rolled_up_to: "0" }).execute());
  assert.equal((await t.rollup(t.a) as { hours: number }).hours, 2);
  assert.deepEqual(await snapshot(t, t.a), after);
  // A resent batch (duplicates) changes nothing either.
  await pos.post("/api/v1/events", { events: [sale("late", a1, 700, "cash", "2025-05-20T12:30:00+08:00")] });
  await t.rollup(t.a);
  assert.deepEqual(await snapshot(t, t.a), after);
});

Deno.test("rollups: the district's sales rows add up every store's, and a late sale updates both", async () => {
  await using t = await datacenterSetup(KEEP_FIXED_DATES);
  const pos = await t.keyClient(t.a);
  const { a1, a2 } = t.stores;
  await pos.post("/api/v1/events", {
    events: [
      sale("s1", a1, 1_000, "wechat", "2025-06-01T10:05:00+08:00"),
      sale("s2", a2, 2_500, "wechat", "2025-06-01T10:45:00+08:00"),
      sale("s3", a2, 400, "cash", "2025-06-01T10:50:00+08:00"),
      sale("r1", a1, 300, "wechat", "2025-06-01T10:55:00+08:00", true),
    ],
  });
  await t.rollup(t.a);
  const h10 = "2025-06-01T02:00Z";
  const district = (rows: Snapshot, granularity: string, metric: string, bucket: string) =>
    pick(rows, granularity, metric, bucket).map((r) => [r.store, r.dim, r.n, r.total]);
  let rows = await snapshot(t, t.a);
  assert.deepEqual(district(rows, "hour", "sales.district.sale", h10), [["", "cash", 1, 400], [
    "",
    "wechat",
    2,
    3_500,
  ]]);
  assert.deepEqual(district(rows, "hour", "sales.district.refund", h10), [["", "wechat", 1, 300]]);
  assert.deepEqual(district(rows, "day", "sales.district.sale", "2025-05-31T16:00Z"), [
    ["", "cash", 1, 400],
    ["", "wechat", 2, 3_500],
  ]);

  // A late sale of another store in the same hour: the store's row and the district's row both move.
  await pos.post("/api/v1/events", { events: [sale("late", a1, 100, "wechat", "2025-06-01T10:30:00+08:00")] });
  await t.rollup(t.a);
  rows = await snapshot(t, t.a);
  assert.deepEqual(pick(rows, "hour", "sales.sale", h10, "wechat").map((r) => [r.store, r.n, r.total]), [
    [a1, 2, 1_100],
    [a2, 1, 2_500],
  ]);
  assert.deepEqual(district(rows, "hour", "sales.district.sale", h10), [["", "cash", 1, 400], [
    "",
    "wechat",
    3,
    3_600,
  ]]);
  assert.deepEqual(district(rows, "day", "sales.district.sale", "2025-05-31T16:00Z")[1], ["", "wechat", 3, 3_600]);
});

Deno.test("rollups are per district: one district's job neither reads nor writes another's", async () => {
  await using t = await datacenterSetup(KEEP_FIXED_DATES);
  await (await t.keyClient(t.a)).post("/api/v1/events", {
    events: [sale("s1", t.stores.a1, 1_000, "cash", "2025-06-01T10:15:00+08:00")],
  });
  await (await t.keyClient(t.b)).post("/api/v1/events", {
    events: [sale("s1", t.stores.b1, 9_000, "card", "2025-06-01T10:15:00+08:00")],
  });
  assert.equal((await t.rollup(t.b) as { hours: number }).hours, 1);
  assert.deepEqual(await snapshot(t, t.a), [], "district A is not rolled up by B's job");
  const b = await snapshot(t, t.b);
  assert.deepEqual(b.map((r) => [r.granularity, r.metric, r.store, r.total]), [
    ["day", "sales.district.sale", "", 9_000],
    ["day", "sales.sale", t.stores.b1, 9_000],
    ["hour", "sales.district.sale", "", 9_000],
    ["hour", "sales.sale", t.stores.b1, 9_000],
  ]);
  await t.rollup(t.a);
  assert.deepEqual(await snapshot(t, t.b), b);
  const watermarks = await withTenant(
    t.db,
    t.a,
    (tx) => tx.selectFrom("core.rollup_watermarks").select("tenant_id").execute(),
  );
  assert.deepEqual(watermarks, [{ tenant_id: t.a }]);
  await assert.rejects(
    withTenant(t.db, t.a, (tx) =>
      tx.insertInto("core.metric_rollups").values({
        tenant_id: t.b,
        granularity: "hour",
        metric: "sales.sale",
        bucket: "2025-06-01T02:00:00Z",
        store: "",
        dim: "",
        n: 1,
        total: 1,
        min: null,
        max: null,
      }).execute()),
    /row-level security/,
  );
});

Deno.test("migration 0081 fills in the district's sales rows of buckets rolled up before it, in every district", async () => {
  await using t = await datacenterSetup(KEEP_FIXED_DATES);
  await (await t.keyClient(t.a)).post("/api/v1/events", {
    events: [
      sale("s1", t.stores.a1, 1_000, "cash", "2025-06-01T10:15:00+08:00"),
      sale("s2", t.stores.a2, 2_000, "cash", "2025-06-01T10:20:00+08:00"),
    ],
  });
  await (await t.keyClient(t.b)).post("/api/v1/events", {
    events: [sale("s1", t.stores.b1, 9_000, "card", "2025-06-01T10:15:00+08:00")],
  });
  await t.rollup(t.a);
  await t.rollup(t.b);
  const before = [await snapshot(t, t.a), await snapshot(t, t.b)];
  // As if rolled up by a version without district rows.
  for (const tenantId of [t.a, t.b]) {
    await withTenant(t.db, tenantId, (tx) => tx.deleteFrom("core.metric_rollups").where("store", "=", "").execute());
  }
  assert.equal((await snapshot(t, t.a)).filter((r) => r.metric.startsWith("sales.district.")).length, 0);

  const file = new URL("../../migrations/0081_sales_district_rollups.sql", import.meta.url);
  await t.db.transaction().execute(async (tx) => {
    await sql.raw(`set local role ${OWNER_ROLE}`).execute(tx);
    for (const statement of splitSqlStatements(await Deno.readTextFile(file))) await sql.raw(statement).execute(tx);
  });
  assert.deepEqual([await snapshot(t, t.a), await snapshot(t, t.b)], before);
  assert.deepEqual(
    pick(before[0], "hour", "sales.district.sale", "2025-06-01T02:00Z").map((r) => [r.n, r.total]),
    [[2, 3_000]],
  );
  // Row-level security is forced again afterwards.
  const forced = await sql<{ forced: boolean }>`
    select relforcerowsecurity as forced from pg_class where oid = 'core.metric_rollups'::regclass
  `.execute(t.db);
  assert.equal(forced.rows[0].forced, true);
});
