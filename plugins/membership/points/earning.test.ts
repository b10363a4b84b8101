/** Earning from sales: once per store and receipt, online as offline, and refunds taken back in proportion. */
import assert from "node:assert/strict";
import { membershipTestBed } from "../test-support.ts";
import { spendPoints } from "./ledger.ts";
import { earnFromSales } from "./sale-handler.ts";
import { assertBalance, myPoints, posOf, sendSales } from "./test-helpers.ts";

Deno.test("points: a sale earns once per store and receipt, online and offline alike", async () => {
  await using bed = await membershipTestBed();
  const store = await bed.store("home", "A 店");
  const other = await bed.store("home", "B 店");
  const member = await bed.join("13800138001");
  const pos = await posOf(bed);

  await sendSales(bed, pos, [
    { id: "e-1", storeId: store, receiptId: "r-1", amountFen: 12_850, memberId: member.memberNo },
    { id: "e-2", storeId: store, receiptId: "r-2", amountFen: 9_999, memberId: member.memberNo, channel: "online" },
    // Not a member sale, and a card number nobody has: nothing to earn.
    { id: "e-3", storeId: store, receiptId: "r-3", amountFen: 50_000 },
    { id: "e-4", storeId: store, receiptId: "r-4", amountFen: 50_000, memberId: "100000000009" },
  ]);
  // 1 point per yuan by default, rounded down: 128.50 → 128, 99.99 → 99 (online earns as offline does).
  let points = await myPoints(bed, member);
  assert.equal(points.balance, 227);
  assert.deepEqual(points.items.map((i) => [i.kind, i.points]).sort(), [["earn", 128], ["earn", 99]].sort());

  // The POS sends r-1 again under a new event id, and the same batch again: nothing pays twice.
  await sendSales(bed, pos, [
    { id: "e-1-again", storeId: store, receiptId: "r-1", amountFen: 12_850, memberId: member.memberNo },
  ]);
  await sendSales(bed, pos, [
    { id: "e-1", storeId: store, receiptId: "r-1", amountFen: 12_850, memberId: member.memberNo },
  ]);
  // The same receipt number at another store is another receipt.
  await sendSales(bed, pos, [
    { id: "e-5", storeId: other, receiptId: "r-1", amountFen: 1_000, memberId: member.memberNo },
  ]);
  points = await myPoints(bed, member);
  assert.equal(points.balance, 237);
  assert.equal(points.items.length, 3);
  // A second delivery of the same event (at-least-once) changes nothing either.
  const [event] = await bed.inDistrict((tx) =>
    tx.selectFrom("core.event_outbox").select(["id", "payload"]).where("type", "=", "sale.recorded").execute()
  );
  const ctx = await pluginContextFor(bed);
  await earnFromSales.handle(ctx, { id: event.id, type: "sale.recorded", payload: event.payload } as never);
  await assertBalance(bed, member.id, 237);
  // An app reads the same with the member's token.
  const app = await member.client.get("/api/v1/plugins/membership/public/home/me/points");
  assert.equal(app.status, 200);
  assert.equal((await app.json()).balance, 237);
});

/** The plugin's context in the home district, as the host hands it to handlers. */
async function pluginContextFor(bed: Awaited<ReturnType<typeof membershipTestBed>>) {
  return await bed.app.plugins!.contextFor("membership", bed.districts.home, "plugin:membership") as never;
}

Deno.test("points: refunds take back in proportion, at most what the receipt earned, once per refund", async () => {
  await using bed = await membershipTestBed();
  const store = await bed.store();
  const member = await bed.join("13800138002");
  const pos = await posOf(bed);
  const sale = (receiptId: string, amountFen: number, extra: Record<string, unknown> = {}) => ({
    storeId: store,
    receiptId,
    amountFen,
    memberId: member.memberNo,
    ...extra,
  });

  await sendSales(bed, pos, [sale("r-1", 10_000)]);
  assert.equal((await myPoints(bed, member)).balance, 100);
  // A refund with its own receipt naming the original: 30 of 100 yuan back, 30 of 100 points back.
  await sendSales(bed, pos, [sale("rf-1", 3_000, { id: "x-1", refund: true, refundOf: "r-1" })]);
  assert.equal((await myPoints(bed, member)).balance, 70);
  // Resent under a new event id: still once.
  await sendSales(bed, pos, [sale("rf-1", 3_000, { id: "x-1-again", refund: true, refundOf: "r-1" })]);
  assert.equal((await myPoints(bed, member)).balance, 70);
  // A refund under the original receipt number (no refundOf): refunded 55.50 of 100 → ⌊100 × 0.555⌋ = 55 in all.
  await sendSales(bed, pos, [sale("r-1", 2_550, { refund: true, at: "2026-01-02T10:00:00+08:00" })]);
  assert.equal((await myPoints(bed, member)).balance, 45);
  // More refunded than was paid: only what the receipt earned comes back, no more.
  await sendSales(bed, pos, [sale("rf-3", 9_000, { refund: true, refundOf: "r-1" })]);
  assert.equal((await myPoints(bed, member)).balance, 0);
  const receipt = await bed.inDistrict((tx) =>
    tx.selectFrom("plugin_membership.points_receipts").select(["earned_points", "reversed_points"])
      .where("receipt_id", "=", "r-1").executeTakeFirstOrThrow()
  );
  assert.deepEqual(receipt, { earned_points: 100, reversed_points: 100 });

  // A refund that arrives before its sale: the sale earns and is reversed at once.
  await sendSales(bed, pos, [sale("rf-9", 5_000, { refund: true, refundOf: "r-9" })]);
  await sendSales(bed, pos, [sale("r-9", 10_000)]);
  assert.equal((await myPoints(bed, member)).balance, 50);
  await assertBalance(bed, member.id, 50);
  const kinds = (await myPoints(bed, member)).items.map((i) => i.kind);
  assert.equal(kinds.filter((k) => k === "reverse").length, 4);
});

Deno.test("points: a refund after the points were spent takes what is left and never goes below zero", async () => {
  await using bed = await membershipTestBed();
  const store = await bed.store();
  const member = await bed.join("13800138003");
  const pos = await posOf(bed);
  await sendSales(bed, pos, [{ storeId: store, receiptId: "r-5", amountFen: 10_000, memberId: member.memberNo }]);
  await bed.inDistrict((tx) =>
    spendPoints(tx, bed.districts.home, {
      memberId: member.id,
      points: 80,
      storeId: store,
      reason: "兑换",
      idempotencyKey: "spend-80",
      actor: "system:test",
    })
  );
  // Without the member on the refund (some tills leave it off): the receipt still finds its member.
  await sendSales(bed, pos, [{ storeId: store, receiptId: "rf-5", amountFen: 10_000, refund: true, refundOf: "r-5" }]);
  await assertBalance(bed, member.id, 0);
  const receipt = await bed.inDistrict((tx) =>
    tx.selectFrom("plugin_membership.points_receipts").select(["reversed_points", "unrecovered_points"])
      .where("receipt_id", "=", "r-5").executeTakeFirstOrThrow()
  );
  assert.deepEqual(receipt, { reversed_points: 20, unrecovered_points: 80 });
});
