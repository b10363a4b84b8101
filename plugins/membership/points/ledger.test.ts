/** The ledger's contract: credits are lots, spending takes the oldest first, keys make every write happen once. */
import assert from "node:assert/strict";
import { ProblemError } from "../../../platform/sdk.ts";
import { membershipTestBed } from "../test-support.ts";
import { awardPoints, balanceOf, spendPoints } from "./ledger.ts";
import { assertBalance } from "./test-helpers.ts";

Deno.test("points ledger: spending takes the oldest lots first, once per key, and never below zero", async () => {
  await using bed = await membershipTestBed();
  const storeA = await bed.store("home", "A 店");
  const storeB = await bed.store("home", "B 店");
  const member = await bed.join("13800000001");
  const tenantId = bed.districts.home;
  const award = (points: number, storeId: string | null, key: string) =>
    bed.inDistrict((tx) =>
      awardPoints(tx, tenantId, {
        memberId: member.id,
        points,
        storeId,
        kind: "earn",
        reason: "test",
        idempotencyKey: key,
        actor: "system:test",
      })
    );
  const first = await award(100, storeA, "a-1");
  assert.equal(first.balance, 100);
  assert.deepEqual(await award(100, storeA, "a-1"), first, "the same key returns the first result");
  await award(50, null, "district-1");
  await assertBalance(bed, member.id, 150);

  const spend = (points: number, key: string) =>
    bed.inDistrict((tx) =>
      spendPoints(tx, tenantId, {
        memberId: member.id,
        points,
        storeId: storeB,
        reason: "兑换",
        idempotencyKey: key,
        actor: "system:test",
      })
    );
  const spent = await spend(120, "r-1");
  assert.equal(spent.balance, 30);
  assert.deepEqual(
    spent.consumed.map((c) => [c.originStoreId, c.points]),
    [[storeA, 100], [null, 20]],
    "A's lot (older) first, then the district's",
  );
  const again = await spend(120, "r-1");
  assert.deepEqual(again, spent, "a repeated key is not spent twice");
  await assertBalance(bed, member.id, 30);

  const tooMuch = await spend(31, "r-2").catch((e) => e);
  assert.ok(tooMuch instanceof ProblemError);
  assert.equal(tooMuch.status, 409);
  await assertBalance(bed, member.id, 30);
  assert.equal(await bed.inDistrict((tx) => balanceOf(tx, member.id)), 30);

  const bad = await spend(0, "r-3").catch((e) => e);
  assert.equal(bad.status, 422);
  assert.equal(bad.errors[0].field, "points");
});

Deno.test("points ledger: lots past their expiry are written off before anything is spent", async () => {
  await using bed = await membershipTestBed();
  const member = await bed.join("13800000002");
  const tenantId = bed.districts.home;
  await bed.inDistrict(async (tx) => {
    await awardPoints(tx, tenantId, {
      memberId: member.id,
      points: 80,
      storeId: null,
      kind: "adjust",
      reason: "old",
      idempotencyKey: "old",
      actor: "system:test",
      expiresAt: new Date(Date.now() - 1000),
    });
    await awardPoints(tx, tenantId, {
      memberId: member.id,
      points: 20,
      storeId: null,
      kind: "adjust",
      reason: "new",
      idempotencyKey: "new",
      actor: "system:test",
      expiresAt: null,
    });
  });
  const kinds = await bed.inDistrict((tx) =>
    tx.selectFrom("plugin_membership.points_ledger").select(["kind", "points"]).orderBy("created_at")
      .orderBy("id").execute()
  );
  // Any write for the member first writes off what lapsed, so the second credit wrote off the first lot.
  assert.deepEqual(kinds.map((k) => [k.kind, k.points]), [["adjust", 80], ["expire", -80], ["adjust", 20]]);
  await assertBalance(bed, member.id, 20);
  const refused = await bed.inDistrict((tx) =>
    spendPoints(tx, tenantId, {
      memberId: member.id,
      points: 50,
      storeId: null,
      reason: "x",
      idempotencyKey: "s",
      actor: "system:test",
    })
  ).catch((e) => e);
  assert.equal(refused.status, 409, "the expired 80 cannot be spent");
  await assertBalance(bed, member.id, 20);
});

Deno.test("points ledger: the spendable balance leaves out lapsed lots the daily job has not written off", async () => {
  await using bed = await membershipTestBed();
  const member = await bed.join("13800000003");
  const tenantId = bed.districts.home;
  await bed.inDistrict((tx) =>
    awardPoints(tx, tenantId, {
      memberId: member.id,
      points: 20,
      storeId: null,
      kind: "adjust",
      reason: "new",
      idempotencyKey: "new",
      actor: "system:test",
      expiresAt: null,
    })
  );
  // A lot that lapsed a moment ago, its write-off not yet run (written as the job would find it).
  await bed.inDistrict(async (tx) => {
    const entry = await tx.selectFrom("plugin_membership.points_lots").select("entry_id").executeTakeFirstOrThrow();
    await tx.updateTable("plugin_membership.points_lots").set({ expires_at: new Date(Date.now() - 1000) })
      .where("entry_id", "=", entry.entry_id).execute();
  });
  assert.equal(await bed.inDistrict((tx) => balanceOf(tx, member.id)), 0);
  await assertBalance(bed, member.id, 20);
});
