/** Exchanging points for a coupon: both happen or neither, and a retry spends nothing more. */
import assert from "node:assert/strict";
import { awardPoints, balanceOf } from "../points/ledger.ts";
import { base, membershipTestBed, type TestMember } from "../test-support.ts";
import { createTemplate, storedCoupons, TWENTY_OFF } from "./test-helpers.ts";

Deno.test("exchange: points buy a coupon; too few points or a reached limit leave both untouched", async () => {
  await using bed = await membershipTestBed();
  const admin = await bed.signIn("operator_admin");
  const store = await bed.store("home", "A 店");
  const owner = await bed.signIn("store_owner", "home", store);
  const template = await createTemplate(admin, { ...TWENTY_OFF, claimable: false, pointsCost: 500 });
  const storeOwn = await createTemplate(owner, {
    ...TWENTY_OFF,
    title: "A 店兑换券",
    claimable: false,
    pointsCost: 300,
  });
  const member = await bed.join("13200000001");
  const poor = await bed.join("13200000002");
  await bed.inDistrict(async (tx) => {
    for (const [who, points] of [[member, 900], [poor, 100]] as const) {
      await awardPoints(tx, bed.districts.home, {
        memberId: who.id,
        points,
        storeId: null,
        kind: "adjust",
        reason: "test",
        idempotencyKey: `test-award-${who.id}`,
        actor: "system:test",
      });
    }
  });
  const exchange = (who: TestMember, templateId: string, key: string) =>
    who.client.post(`${base}/public/home/coupons/${templateId}/exchanges`, { idempotencyKey: key });
  const balance = (who: TestMember) => bed.inDistrict((tx) => balanceOf(tx, who.id));

  const bought = await exchange(member, template.id, "x-1");
  assert.equal(bought.status, 201, await bought.clone().text());
  const first = await bought.json();
  assert.deepEqual([first.pointsSpent, first.balance, first.coupon.source], [500, 400, "points"]);
  const retried = await exchange(member, template.id, "x-1");
  assert.equal(retried.status, 200);
  assert.deepEqual((await retried.json()).coupon.id, first.coupon.id);
  assert.equal(await balance(member), 400, "the retry spent nothing");

  const limit = await exchange(member, template.id, "x-2");
  assert.equal(limit.status, 409, "one per member");
  assert.equal(await balance(member), 400, "the refused issue spent nothing");

  const tooFew = await exchange(poor, template.id, "p-1");
  assert.equal(tooFew.status, 409, "100 points do not buy a 500-point coupon");
  assert.equal(await balance(poor), 100);
  assert.deepEqual((await storedCoupons(bed)).map((c) => c.member_id), [member.id], "and no coupon was left behind");

  const notForPoints = await createTemplate(admin, { ...TWENTY_OFF, title: "不可兑换" });
  assert.equal((await exchange(member, notForPoints.id, "x-3")).status, 409);

  const atStore = await exchange(member, storeOwn.id, "x-4");
  assert.equal(atStore.status, 201);
  assert.equal(await balance(member), 100);
  const spentAt = await bed.inDistrict((tx) =>
    tx.selectFrom("plugin_membership.points_ledger").select(["store_id", "points"]).where("kind", "=", "redeem")
      .orderBy("created_at").execute()
  );
  assert.deepEqual(spentAt, [{ store_id: null, points: -500 }, { store_id: store, points: -300 }], "spent where given");
});

Deno.test("exchange: concurrent exchanges never take the balance below zero", async () => {
  await using bed = await membershipTestBed();
  const admin = await bed.signIn("operator_admin");
  const template = await createTemplate(admin, { ...TWENTY_OFF, claimable: false, pointsCost: 400, perMemberLimit: 5 });
  const member = await bed.join("13200000003");
  await bed.inDistrict((tx) =>
    awardPoints(tx, bed.districts.home, {
      memberId: member.id,
      points: 1000,
      storeId: null,
      kind: "adjust",
      reason: "test",
      idempotencyKey: "test-award",
      actor: "system:test",
    })
  );
  const answers = await Promise.all(
    Array.from(
      { length: 5 },
      (_, i) =>
        member.client.post(`${base}/public/home/coupons/${template.id}/exchanges`, { idempotencyKey: `c-${i}` }),
    ),
  );
  assert.deepEqual(answers.map((r) => r.status).sort(), [201, 201, 409, 409, 409], "1000 points buy two");
  assert.equal(await bed.inDistrict((tx) => balanceOf(tx, member.id)), 200);
  assert.equal((await storedCoupons(bed)).length, 2, "a coupon for each spend, none for the refusals");
});
