/**
 * Raw rows travel as one array literal per column, and large batches of new events skip `on conflict` unless they
 * meet events received before: text must arrive exactly as sent, and resends of large batches must be answered as
 * exactly as small ones (the new events stored, the others listed as duplicates, in batch order).
 */
import assert from "node:assert/strict";
import { withTenant } from "../db/tenant.ts";
import { datacenterSetup } from "./test-helpers.ts";

const AT = new Date(Math.floor(Date.now() / 1000) * 1000 - 3_600_000).toISOString();

function sale(id: string, store: string, extra: Record<string, unknown> = {}) {
  return {
    type: "sale",
    id,
    storeId: store,
    receiptId: `R-${id}`,
    amountFen: 100,
    paymentMethod: "cash",
    at: AT,
    ...extra,
  };
}

function range(from: number, to: number, prefix = "s") {
  return Array.from({ length: to - from }, (_, i) => `${prefix}${from + i}`);
}

Deno.test("large batches: a resend stores only the new events and lists the others, first of a repeat kept", async () => {
  await using t = await datacenterSetup();
  const pos = await t.keyClient(t.a);
  const store = t.stores.a1;
  const first = await pos.post("/api/v1/events", { events: range(0, 150).map((id) => sale(id, store)) });
  assert.deepEqual(await first.json(), { accepted: 150, duplicates: [] });

  const overlapping = await pos.post("/api/v1/events", { events: range(100, 300).map((id) => sale(id, store)) });
  assert.deepEqual(await overlapping.json(), { accepted: 150, duplicates: range(100, 150) });

  const events = range(300, 450).map((id) => sale(id, store, { amountFen: 1 }));
  events.push(sale("s320", store, { amountFen: 2 }), sale("s10", store, { amountFen: 3 }));
  const repeated = await pos.post("/api/v1/events", { events });
  assert.deepEqual(await repeated.json(), { accepted: 150, duplicates: ["s320", "s10"] });

  assert.equal(await t.count(t.a, "sale"), 450);
  const kept = await withTenant(t.db, t.a, (tx) =>
    tx.selectFrom("core.sale_events").select(["event_id", "amount_fen"])
      .where("event_id", "in", ["s10", "s320"]).orderBy("event_id").execute());
  assert.deepEqual(kept.map((row) => [row.event_id, Number(row.amount_fen)]), [["s10", 100], ["s320", 1]]);
});

Deno.test("text and JSON arrive exactly as sent, in small and large batches alike", async () => {
  await using t = await datacenterSetup();
  const pos = await t.keyClient(t.a);
  const awkward = [
    'say "hi"',
    "back\\slash",
    "a,b",
    "{x}",
    "NULL",
    " padded ",
    "收银台 1",
    "'quoted'",
    '\\"',
    "é\u2028",
  ];
  for (const size of [awkward.length, 120]) {
    const events = Array.from({ length: size }, (_, i) => {
      const text = awkward[i % awkward.length];
      return sale(`${size}-${i}`, t.stores.a1, {
        receiptId: text,
        refundOf: text,
        items: [{ name: text, sku: `"${i}"`, quantity: 1.5, amountFen: 100 }],
        ...(i % 2 ? { memberId: text } : {}),
      });
    });
    const res = await pos.post("/api/v1/events", { events });
    assert.deepEqual(await res.json(), { accepted: size, duplicates: [] });
    const rows = await withTenant(
      t.db,
      t.a,
      (tx) =>
        tx.selectFrom("core.sale_events").select(["event_id", "receipt_id", "refund_of", "items", "member_ref", "at"])
          .where("event_id", "like", `${size}-%`).execute(),
    );
    assert.equal(rows.length, size);
    for (const row of rows) {
      const i = Number(row.event_id.split("-")[1]);
      const text = awkward[i % awkward.length];
      assert.equal(row.receipt_id, text);
      assert.equal(row.refund_of, text);
      assert.deepEqual(row.items, [{ name: text, sku: `"${i}"`, quantity: 1.5, amountFen: 100 }]);
      assert.equal(row.member_ref === null, i % 2 === 0, "a sale without a member has no member reference");
      assert.equal(row.at.toISOString(), AT);
    }
  }
});
