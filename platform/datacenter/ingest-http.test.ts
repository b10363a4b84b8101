/** POST /api/v1/events: storing batches, idempotency, all-or-nothing validation, store scope, plates, isolation. */
import assert from "node:assert/strict";
import { withTenant } from "../db/tenant.ts";
import { datacenterSetup } from "./test-helpers.ts";

/** The figures below sit on fixed dates in June 2025; the districts keep raw events long enough to accept them. */
const KEEP_FIXED_DATES = { rawRetentionDays: 3650 };

const AT = "2025-06-01T10:15:00+08:00";

function batch(store: string, prefix = "e") {
  return {
    events: [
      { type: "footfall", id: `${prefix}-f1`, counterId: "door-1", zone: "1F-east", in: 12, out: 7, at: AT },
      {
        type: "sale",
        id: `${prefix}-s1`,
        storeId: store,
        receiptId: "R-0001",
        amountFen: 12_800,
        paymentMethod: "wechat",
        memberId: "M-42",
        items: [{ sku: "latte", quantity: 2, amountFen: 12_800 }],
        at: AT,
      },
      { type: "parking", id: `${prefix}-p1`, gateId: "B1-in", plate: "苏C·D12345", direction: "in", at: AT },
      { type: "sensor", id: `${prefix}-t1`, deviceId: "ahu-3", metric: "temperature_c", value: 23.5, at: AT },
    ],
  };
}

Deno.test("a valid batch is stored, one row per event", async () => {
  await using t = await datacenterSetup(KEEP_FIXED_DATES);
  const pos = await t.keyClient(t.a);
  const res = await pos.post("/api/v1/events", batch(t.stores.a1));
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { accepted: 4, duplicates: [] });
  for (const table of ["footfall", "sale", "parking", "sensor"] as const) assert.equal(await t.count(t.a, table), 1);
  const sale = await withTenant(
    t.db,
    t.a,
    (tx) => tx.selectFrom("core.sale_events").selectAll().executeTakeFirstOrThrow(),
  );
  assert.equal(sale.store_id, t.stores.a1);
  assert.equal(Number(sale.amount_fen), 12_800);
  assert.equal(sale.refund, false);
  assert.equal(sale.at.toISOString(), "2025-06-01T02:15:00.000Z");
  assert.match(sale.member_ref ?? "", /^p_/, "the member id is kept as a pseudonym");
  assert.notEqual(sale.member_ref, "M-42");
});

Deno.test("resending changes nothing and lists the duplicates; repeats within a batch are duplicates too", async () => {
  await using t = await datacenterSetup(KEEP_FIXED_DATES);
  const pos = await t.keyClient(t.a);
  await pos.post("/api/v1/events", batch(t.stores.a1));
  const again = await pos.post("/api/v1/events", batch(t.stores.a1));
  assert.equal(again.status, 200);
  assert.deepEqual(await again.json(), { accepted: 0, duplicates: ["e-f1", "e-s1", "e-p1", "e-t1"] });
  for (const table of ["footfall", "sale", "parking", "sensor"] as const) assert.equal(await t.count(t.a, table), 1);

  const sale = batch(t.stores.a1).events[1];
  const mixed = await pos.post("/api/v1/events", {
    events: [sale, { ...sale, id: "e-s2" }, { ...sale, id: "e-s2", amountFen: 1 }],
  });
  assert.deepEqual(await mixed.json(), { accepted: 1, duplicates: ["e-s1", "e-s2"] });
  assert.equal(await t.count(t.a, "sale"), 2);
  const second = await withTenant(
    t.db,
    t.a,
    (tx) =>
      tx.selectFrom("core.sale_events").select("amount_fen").where("event_id", "=", "e-s2").executeTakeFirstOrThrow(),
  );
  assert.equal(Number(second.amount_fen), 12_800, "the first of the repeated ids is the one kept");
});

Deno.test("an invalid batch is refused whole: 422 names each bad event and field, nothing is stored", async () => {
  await using t = await datacenterSetup(KEEP_FIXED_DATES);
  const pos = await t.keyClient(t.a);
  const good = batch(t.stores.a1).events;
  const res = await pos.post("/api/v1/events", {
    events: [
      good[0],
      { ...good[1], amountFen: 12.5 },
      { ...good[2], plate: "苏C·1234" },
      { ...good[1], id: "x", paymentMethod: "bitcoin" },
      { type: "weather", id: "w1", at: AT },
      { ...good[3], metric: "noise_db", at: "yesterday" },
      good[2],
    ],
  });
  assert.equal(res.status, 422);
  assert.match(res.headers.get("content-type") ?? "", /application\/problem\+json/);
  const body = await res.json();
  const fields = body.errors.map((e: { index: number; field: string }) => `${e.index} ${e.field}`).sort();
  assert.deepEqual(fields, [
    "1 events.1.amountFen",
    "2 events.2.plate",
    "3 events.3.paymentMethod",
    "4 events.4.type",
    "5 events.5.at",
    "5 events.5.metric",
  ]);
  assert.match(body.errors.find((e: { index: number }) => e.index === 2).message, /licence plate/);
  for (const table of ["footfall", "sale", "parking", "sensor"] as const) assert.equal(await t.count(t.a, table), 0);

  const unknownStore = await pos.post("/api/v1/events", {
    events: [good[0], { ...good[1], storeId: crypto.randomUUID() }],
  });
  assert.equal(unknownStore.status, 422);
  assert.deepEqual((await unknownStore.json()).errors.map((e: { field: string }) => e.field), ["events.1.storeId"]);
  assert.equal(await t.count(t.a, "footfall"), 0, "the valid footfall of the refused batch was not stored");

  const tooMany = Array.from({ length: 5_001 }, (_, i) => ({ ...good[3], id: `t${i}` }));
  const big = await pos.post("/api/v1/events", { events: tooMany });
  assert.equal(big.status, 422);
  assert.equal((await big.json()).errors[0].field, "events");
  assert.equal((await pos.post("/api/v1/events", { events: [] })).status, 422);
  const future = new Date(Date.now() + 2 * 86_400_000).toISOString();
  assert.equal((await pos.post("/api/v1/events", { events: [{ ...good[0], at: future }] })).status, 422);
});

Deno.test("a full batch of 5,000 events is stored in one go", async () => {
  await using t = await datacenterSetup(KEEP_FIXED_DATES);
  const pos = await t.keyClient(t.a);
  const events = Array.from({ length: 5_000 }, (_, i) => ({
    type: "sale",
    id: `s${i}`,
    storeId: i % 2 ? t.stores.a1 : t.stores.a2,
    receiptId: `R${i}`,
    amountFen: 100 + i,
    paymentMethod: "alipay",
    at: new Date(Date.parse("2025-06-01T00:00:00Z") + i * 1000).toISOString(),
  }));
  const res = await pos.post("/api/v1/events", { events });
  assert.equal(res.status, 200);
  assert.equal((await res.json()).accepted, 5_000);
  assert.equal(await t.count(t.a, "sale"), 5_000);
});

Deno.test("a store's key sends only its own store's events", async () => {
  await using t = await datacenterSetup(KEEP_FIXED_DATES);
  const till = await t.keyClient(t.a, { store: t.stores.a1 });
  const [footfall, sale, parking] = batch(t.stores.a1).events;

  const other = await till.post("/api/v1/events", { events: [sale, { ...sale, id: "s2", storeId: t.stores.a2 }] });
  assert.equal(other.status, 403);
  assert.deepEqual((await other.json()).errors.map((e: { field: string }) => e.field), ["events.1.storeId"]);
  const gate = await till.post("/api/v1/events", { events: [parking] });
  assert.equal(gate.status, 403, "parking gates are the district's");
  assert.equal(await t.count(t.a, "sale"), 0);

  const own = await till.post("/api/v1/events", { events: [sale, footfall] });
  assert.deepEqual(await own.json(), { accepted: 2, duplicates: [] });
  const counted = await withTenant(
    t.db,
    t.a,
    (tx) => tx.selectFrom("core.footfall_events").select(["store_id", "scope_id"]).executeTakeFirstOrThrow(),
  );
  assert.deepEqual(counted, { store_id: t.stores.a1, scope_id: t.stores.a1 }, "footfall is counted for its store");

  // Ids are the sender scope's own: the district's key may reuse the store's ids without clashing.
  const district = await t.keyClient(t.a);
  assert.deepEqual(await (await district.post("/api/v1/events", { events: [sale] })).json(), {
    accepted: 1,
    duplicates: [],
  });
});

Deno.test("events:write is needed: keys without it, people without it and anonymous callers are refused", async () => {
  await using t = await datacenterSetup(KEEP_FIXED_DATES);
  const body = batch(t.stores.a1);
  const reader = await t.keyClient(t.a, { permissions: ["store:read"] });
  assert.equal((await reader.post("/api/v1/events", body)).status, 403);
  const admin = await t.signIn(t.a, "operator_admin");
  assert.equal((await admin.post("/api/v1/events", body)).status, 403);
  const { TestClient } = await import("../../tests/support/http.ts");
  assert.equal((await new TestClient(t.app).post("/api/v1/events", body)).status, 401);
  assert.equal((await new TestClient(t.app, "dk_not-a-key").post("/api/v1/events", body)).status, 401);
  for (const table of ["footfall", "sale", "parking", "sensor"] as const) assert.equal(await t.count(t.a, table), 0);
});

Deno.test("licence plates are stored encrypted with a blind index, never in clear", async () => {
  await using t = await datacenterSetup(KEEP_FIXED_DATES);
  const gate = await t.keyClient(t.a);
  await gate.post("/api/v1/events", {
    events: [{ type: "parking", id: "p1", gateId: "B1-in", plate: "苏c·d12345", direction: "in", at: AT }],
  });
  await withTenant(t.db, t.a, async (tx) => {
    const row = await tx.selectFrom("core.parking_events").selectAll().executeTakeFirstOrThrow();
    const text = JSON.stringify(row);
    for (const clear of ["苏CD12345", "苏cd12345", "苏C·D12345", "D12345", "12345"]) {
      assert.ok(!text.includes(clear), `the row holds no "${clear}"`);
    }
    assert.match(row.plate_enc, /^pii1\.plate\./);
    const cipher = await t.keys.fieldCipher(tx);
    assert.equal(await cipher.decrypt(row.plate_enc, "plate"), "苏CD12345");
    assert.equal(row.plate_index, await cipher.blindIndex("plate", "苏C·D12345"), "found by blind index");
  });
});

Deno.test("districts are isolated: another district's key sees, reuses and changes nothing", async () => {
  await using t = await datacenterSetup(KEEP_FIXED_DATES);
  const posA = await t.keyClient(t.a);
  const posB = await t.keyClient(t.b);
  await posA.post("/api/v1/events", batch(t.stores.a1));

  const intoA = await posB.post("/api/v1/events", { events: [batch(t.stores.a1).events[1]] });
  assert.equal(intoA.status, 422, "district A's store does not exist for district B");
  assert.equal((await intoA.json()).errors[0].field, "events.0.storeId");

  const same = await posB.post("/api/v1/events", batch(t.stores.b1));
  assert.deepEqual(await same.json(), { accepted: 4, duplicates: [] }, "the same ids in another district are new");
  for (const table of ["footfall", "sale", "parking", "sensor"] as const) {
    assert.equal(await t.count(t.a, table), 1);
    assert.equal(await t.count(t.b, table), 1);
  }
  const storesSeenByB = await withTenant(
    t.db,
    t.b,
    (tx) => tx.selectFrom("core.sale_events").select("store_id").execute(),
  );
  assert.deepEqual(storesSeenByB, [{ store_id: t.stores.b1 }]);
  // The app role cannot write another district's rows, not even by naming its tenant id.
  await assert.rejects(
    withTenant(t.db, t.b, (tx) =>
      tx.insertInto("core.sensor_events").values({
        tenant_id: t.a,
        scope_id: t.a,
        event_id: "forged",
        device_id: "d",
        metric: "pm25",
        value: 1,
        at: AT,
      }).execute()),
    /row-level security/,
  );
  await assert.rejects(
    withTenant(t.db, t.a, (tx) => tx.deleteFrom("core.sale_events").execute()),
    /permission denied/,
    "raw events are append-only for the application",
  );
});
