/** A member's points in data-subject requests: all of it exported; on erasure the account closes, the books add up. */
import assert from "node:assert/strict";
import { membershipTestBed } from "../test-support.ts";
import { pointsSubjectRights } from "./privacy.ts";
import { assertBalance, posOf, sendSales } from "./test-helpers.ts";

Deno.test("points privacy: export lists the ledger; erasure writes off the balance once and keeps the ledger", async () => {
  await using bed = await membershipTestBed();
  const store = await bed.store();
  const member = await bed.join("13800138070");
  const other = await bed.join("13800138071");
  const pos = await posOf(bed);
  await sendSales(bed, pos, [
    { storeId: store, receiptId: "r-1", amountFen: 7_000, memberId: member.memberNo },
    { storeId: store, receiptId: "r-2", amountFen: 3_000, memberId: other.memberNo },
  ]);
  // The points handler finds the subject by member id alone; it needs no cipher.
  const tools = { cipher: () => Promise.reject(new Error("not needed")) };
  const exported = await bed.inDistrict((tx) => pointsSubjectRights.export(tx as never, { id: member.id }, tools)) as {
    balance: number;
    entries: { kind: string; points: number }[];
    receipts: { receiptId: string; earnedPoints: number }[];
  };
  assert.equal(exported.balance, 70);
  assert.deepEqual(exported.entries.map((e) => [e.kind, e.points]), [["earn", 70]]);
  assert.deepEqual(exported.receipts.map((r) => [r.receiptId, r.earnedPoints]), [["r-1", 70]]);

  const erased = await bed.inDistrict((tx) => pointsSubjectRights.erase(tx as never, { id: member.id }, tools));
  assert.ok(erased.affected >= 1);
  await assertBalance(bed, member.id, 0);
  const again = await bed.inDistrict((tx) => pointsSubjectRights.erase(tx as never, { id: member.id }, tools));
  assert.equal(again.affected, 0, "nothing left to write off");
  const entries = await bed.inDistrict((tx) =>
    tx.selectFrom("plugin_membership.points_ledger").select(["kind", "points"]).where("member_id", "=", member.id)
      .orderBy("created_at").orderBy("id").execute()
  );
  assert.deepEqual(entries.map((e) => [e.kind, e.points]), [["earn", 70], ["adjust", -70]]);
  await assertBalance(bed, other.id, 30);
});
