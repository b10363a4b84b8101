/** sale.recorded: one small event per stored batch naming it; recordedSales reads the batch's new receipts. */
import assert from "node:assert/strict";
import { withTenant } from "../db/tenant.ts";
import type { SaleRecorded } from "../events/catalogue.ts";
import { recordedSales } from "./recorded-sales.ts";
import { type DatacenterSetup, datacenterSetup } from "./test-helpers.ts";

function published(t: DatacenterSetup, tenantId: string): Promise<SaleRecorded[]> {
  return withTenant(
    t.db,
    tenantId,
    async (tx) =>
      (await tx.selectFrom("core.event_outbox").select("payload").where("type", "=", "sale.recorded").orderBy("id")
        .execute()).map((row) => row.payload as SaleRecorded),
  );
}

const at = new Date(Date.now() - 3_600_000).toISOString();
const sale = (id: string, storeId: string, extra: Record<string, unknown> = {}) => ({
  type: "sale",
  id,
  storeId,
  receiptId: id,
  amountFen: 1_000,
  paymentMethod: "wechat",
  at,
  ...extra,
});

Deno.test("sale.recorded names the batch and counts it; recordedSales reads the new receipts, narrowed on request", async () => {
  await using t = await datacenterSetup();
  const pos = await t.keyClient(t.a);
  const first = await pos.post("/api/v1/events", {
    events: [
      sale("s1", t.stores.a1, { memberId: "M-001", items: [{ sku: "A1", quantity: 2, amountFen: 1_000 }] }),
      sale("s2", t.stores.a2, { paymentMethod: "cash", channel: "online" }),
      sale("r1", t.stores.a1, { refund: true, refundOf: "s0", amountFen: 300 }),
      { type: "footfall", id: "f1", counterId: "c1", zone: "1F", in: 3, out: 1, at },
    ],
  });
  assert.equal(first.status, 200);
  const [event] = await published(t, t.a);
  assert.ok(!("sales" in event));
  assert.deepEqual({ ...event, txId: typeof (event as { txId: string }).txId }, {
    scopeId: t.a,
    txId: "string",
    count: 3,
    refunds: 1,
    withMember: 1,
  });
  assert.ok(!JSON.stringify(event).includes("M-001"), "no member id in the outbox");

  const all = await withTenant(t.db, t.a, (tx) => recordedSales(tx, event));
  assert.deepEqual(all.map((s) => s.receiptId).sort(), ["r1", "s1", "s2"]);
  const s1 = all.find((s) => s.receiptId === "s1")!;
  assert.equal(s1.storeId, t.stores.a1);
  assert.equal(s1.amountFen, 1_000);
  assert.equal(s1.channel, "offline");
  assert.equal(s1.at, at);
  assert.deepEqual(s1.items, [{ sku: "A1", quantity: 2, amountFen: 1_000 }]);
  assert.match(s1.memberRef!, /.+/);
  assert.notEqual(s1.memberRef, "M-001", "a pseudonym, never the id");
  const s2 = all.find((s) => s.receiptId === "s2")!;
  assert.deepEqual([s2.channel, s2.paymentMethod, s2.memberRef, s2.items], ["online", "cash", null, null]);
  const r1 = all.find((s) => s.receiptId === "r1")!;
  assert.deepEqual([r1.refund, r1.refundOf, r1.amountFen], [true, "s0", 300]);

  const members = await withTenant(t.db, t.a, (tx) => recordedSales(tx, event, "with-member"));
  assert.deepEqual(members.map((s) => s.receiptId), ["s1"]);
  const membersOrRefunds = await withTenant(t.db, t.a, (tx) => recordedSales(tx, event, "with-member-or-refund"));
  assert.deepEqual(membersOrRefunds.map((s) => s.receiptId).sort(), ["r1", "s1"]);

  // A resend with one new receipt: one more event, for that receipt only; the first batch reads the same.
  await pos.post("/api/v1/events", { events: [sale("s1", t.stores.a1), sale("s3", t.stores.a1)] });
  const events = await published(t, t.a);
  assert.equal(events.length, 2);
  assert.deepEqual((await withTenant(t.db, t.a, (tx) => recordedSales(tx, events[1]))).map((s) => s.receiptId), [
    "s3",
  ]);
  assert.equal((await withTenant(t.db, t.a, (tx) => recordedSales(tx, events[0]))).length, 3);
  // Resending everything publishes nothing.
  await pos.post("/api/v1/events", { events: [sale("s3", t.stores.a1)] });
  assert.equal((await published(t, t.a)).length, 2);
});

Deno.test("recordedSales: a batch of one store's key is told apart from the district's; other districts read nothing", async () => {
  await using t = await datacenterSetup();
  const storeKey = await t.keyClient(t.a, { store: t.stores.a1 });
  await storeKey.post("/api/v1/events", { events: [sale("s1", t.stores.a1)] });
  const [event] = await published(t, t.a);
  assert.equal((event as { scopeId: string }).scopeId, t.stores.a1);
  assert.equal((await withTenant(t.db, t.a, (tx) => recordedSales(tx, event))).length, 1);
  // The same reference read in another district finds nothing: row-level security holds.
  assert.deepEqual(await withTenant(t.db, t.b, (tx) => recordedSales(tx, event)), []);
  assert.deepEqual(await published(t, t.b), []);
});

Deno.test("recordedSales reads events written by earlier versions, which carried the receipts themselves", async () => {
  await using t = await datacenterSetup();
  const legacy: SaleRecorded = {
    sales: [{
      eventId: "e1",
      storeId: t.stores.a1,
      receiptId: "old-1",
      refundOf: null,
      refund: false,
      amountFen: 500,
      paymentMethod: "card",
      channel: "offline",
      memberRef: null,
      items: null,
      at,
    }],
  };
  const read = await withTenant(t.db, t.a, (tx) => recordedSales(tx, legacy));
  assert.deepEqual(read.map((s) => s.receiptId), ["old-1"]);
  assert.deepEqual(await withTenant(t.db, t.a, (tx) => recordedSales(tx, legacy, "with-member")), []);
});
