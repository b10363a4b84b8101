/**
 * Redeeming at a store's till: the discount answered, every check made (state, window, store, minimum spend),
 * a coupon used once even when two tills scan it at the same moment, and a short window to undo.
 */
import assert from "node:assert/strict";
import { membershipTestBed } from "../test-support.ts";
import { formatCouponCode } from "./code.ts";
import { auditActions, coupons, createTemplate, giveCoupon, TWENTY_OFF } from "./test-helpers.ts";

const redeem = `${coupons}/redemptions`;

Deno.test("redeem: the store's till gets the discount, once; the same receipt again gets the same answer", async () => {
  await using bed = await membershipTestBed();
  const [storeA, storeB] = [await bed.store("home", "A 店"), await bed.store("home", "B 店")];
  const admin = await bed.signIn("operator_admin");
  const tillA = await bed.signIn("store_staff", "home", storeA);
  const tillB = await bed.signIn("store_staff", "home", storeB);
  const template = await createTemplate(admin);
  const member = await bed.join("13700000001");
  const coupon = await giveCoupon(bed, template.id, member.id);

  const check = await (await tillA.get(`${coupons}/codes/${coupon.code}`)).json();
  assert.deepEqual([check.usable, check.refusal, check.title, check.amountOffFen], [
    true,
    null,
    TWENTY_OFF.title,
    2000,
  ]);

  const typed = formatCouponCode(coupon.code).toLowerCase();
  const res = await tillA.post(redeem, { code: typed, amountFen: 12_800, receiptId: "R-1" });
  assert.equal(res.status, 200, await res.clone().text());
  const done = await res.json();
  assert.deepEqual(
    [done.couponId, done.discountFen, done.payableFen, done.storeId, done.repeated],
    [coupon.id, 2000, 10_800, storeA, false],
  );
  assert.ok(!("memberId" in done), "the till is not told who the member is");

  const retried = await (await tillA.post(redeem, { code: coupon.code, amountFen: 12_800, receiptId: "R-1" })).json();
  assert.deepEqual([retried.redemptionId, retried.repeated], [done.redemptionId, true]);
  const twice = await tillA.post(redeem, { code: coupon.code, amountFen: 12_800, receiptId: "R-2" });
  assert.equal(twice.status, 409);
  assert.equal((await twice.json()).type, "urn:district:membership:coupon:redeemed");
  assert.equal((await tillB.post(redeem, { code: coupon.code, amountFen: 12_800, receiptId: "R-1" })).status, 409);

  const used = await (await tillB.get(`${coupons}/codes/${coupon.code}`)).json();
  assert.deepEqual([used.usable, used.refusal, used.redemption.id], [false, "redeemed", done.redemptionId]);

  const audit = await auditActions(bed, "membership.coupon-redeem");
  assert.deepEqual(audit.map((e) => [e.target, (e.details as { storeId: string }).storeId]), [
    [`coupon:${coupon.id}`, storeA],
  ]);
  const events = await bed.inDistrict((tx) =>
    tx.selectFrom("core.event_outbox").select("payload").where("type", "=", "membership.coupon-redeemed").execute()
  );
  assert.equal(events.length, 1, "announced once, not for the repeat");
  assert.deepEqual(
    events[0].payload,
    {
      couponId: coupon.id,
      templateId: template.id,
      storeId: storeA,
      receiptId: "R-1",
      discountFen: 2000,
      at: done.redeemedAt,
    },
  );

  const atA = (await (await tillA.get(redeem)).json()).items;
  assert.deepEqual(atA.map((r: { id: string; code: string }) => [r.id, r.code]), [
    [done.redemptionId, `****-${coupon.code.slice(-4)}`],
  ]);
  assert.deepEqual((await (await tillB.get(redeem)).json()).items, [], "B sees only its own till's");
  assert.deepEqual((await (await tillB.get(`${redeem}?storeId=${storeA}`)).json()).items, [], "even when asking");
  assert.equal((await (await admin.get(redeem)).json()).items.length, 1, "the operator sees every store's");
});

Deno.test("redeem: state, window, store, minimum spend and the code itself are checked", async () => {
  await using bed = await membershipTestBed();
  const [storeA, storeB] = [await bed.store("home", "A 店"), await bed.store("home", "B 店")];
  const admin = await bed.signIn("operator_admin");
  const tillA = await bed.signIn("store_staff", "home", storeA);
  const tillB = await bed.signIn("store_owner", "home", storeB);
  const ownerA = await bed.signIn("store_owner", "home", storeA);
  const member = await bed.join("13700000002");
  const refused = async (till: typeof tillA, body: Record<string, unknown>) => {
    const res = await till.post(redeem, body);
    const problem = await res.json();
    return [res.status, problem.type === "about:blank" ? problem.errors?.[0]?.field : problem.type.split(":").pop()];
  };

  const district = await createTemplate(admin);
  const coupon = await giveCoupon(bed, district.id, member.id);
  assert.deepEqual(await refused(tillA, { code: coupon.code, amountFen: 9_999 }), [422, "amountFen"]);
  assert.deepEqual(await refused(tillA, { code: coupon.code }), [422, "amountFen"], "the minimum needs the amount");
  assert.deepEqual(await refused(admin, { code: coupon.code, amountFen: 10_000 }), [422, "storeId"]);
  assert.deepEqual(await refused(tillA, { code: coupon.code, amountFen: 10_000, storeId: storeB }), [403, undefined]);
  // A wrong check character: any symbol but the right one (the right one is "0" in one run out of 32).
  const typo = coupon.code.slice(0, -1) + (coupon.code.endsWith("0") ? "1" : "0");
  assert.deepEqual(await refused(tillA, { code: typo }), [422, "code"], "a typo");
  const unknown = await tillA.post(redeem, { code: "0000000000000" + "0" });
  assert.equal(unknown.status, 404, "well-formed, but no such coupon");
  const byOperator = await admin.post(redeem, { code: coupon.code, amountFen: 10_000, storeId: storeB });
  assert.equal(byOperator.status, 200, "the operator names the store");

  const storeOwn = await createTemplate(ownerA, { ...TWENTY_OFF, title: "A 店专享" });
  const own = await giveCoupon(bed, storeOwn.id, member.id);
  assert.deepEqual(await refused(tillB, { code: own.code, amountFen: 20_000 }), [409, "wrong-store"]);
  const onlyA = await createTemplate(admin, { ...TWENTY_OFF, title: "仅 A 店", storeIds: [storeA] });
  const listed = await giveCoupon(bed, onlyA.id, member.id);
  assert.deepEqual(await refused(tillB, { code: listed.code, amountFen: 20_000 }), [409, "wrong-store"]);
  assert.equal((await tillA.post(redeem, { code: listed.code, amountFen: 20_000 })).status, 200);

  const later = await createTemplate(admin, {
    ...TWENTY_OFF,
    title: "下周生效",
    validFrom: new Date(Date.now() + 7 * 86_400_000).toISOString(),
  });
  const early = await giveCoupon(bed, later.id, member.id);
  assert.deepEqual(await refused(tillA, { code: early.code, amountFen: 20_000 }), [409, "not-yet-valid"]);

  const lapsing = await createTemplate(admin, { ...TWENTY_OFF, title: "即将过期" });
  const lapsed = await giveCoupon(bed, lapsing.id, member.id);
  await bed.inDistrict((tx) =>
    tx.updateTable("plugin_membership.coupons")
      .set({ valid_from: new Date(Date.now() - 86_400_000), valid_until: new Date(Date.now() - 1000) })
      .where("id", "=", lapsed.id).execute()
  );
  assert.deepEqual(await refused(tillA, { code: lapsed.code, amountFen: 20_000 }), [409, "expired"]);
  const check = await (await tillA.get(`${coupons}/codes/${lapsed.code}`)).json();
  assert.deepEqual([check.status, check.usable, check.refusal], ["expired", false, "expired"]);

  const statuses = await bed.inDistrict((tx) =>
    tx.selectFrom("plugin_membership.coupons").select(["id", "status"]).execute()
  );
  const statusOf = (id: string) => statuses.find((s) => s.id === id)?.status;
  assert.deepEqual(
    [own.id, early.id, lapsed.id].map(statusOf),
    ["active", "active", "active"],
    "refusals change nothing",
  );
});

Deno.test("redeem: two tills scanning one code at the same moment — one succeeds, the other is refused", async () => {
  await using bed = await membershipTestBed();
  const [storeA, storeB] = [await bed.store("home", "A 店"), await bed.store("home", "B 店")];
  const admin = await bed.signIn("operator_admin");
  const tills = [
    await bed.signIn("store_staff", "home", storeA),
    await bed.signIn("store_staff", "home", storeB),
    await bed.signIn("store_owner", "home", storeA),
  ];
  const template = await createTemplate(admin, { ...TWENTY_OFF, minSpendFen: 0, perMemberLimit: 5 });
  const member = await bed.join("13700000003");
  for (let round = 0; round < 5; round++) {
    const coupon = await giveCoupon(bed, template.id, member.id);
    const answers = await Promise.all(
      tills.map((till, i) => till.post(redeem, { code: coupon.code, receiptId: `R-${round}-${i}` })),
    );
    assert.deepEqual(answers.map((r) => r.status).sort(), [200, 409, 409], `round ${round}`);
    const rows = await bed.inDistrict((tx) =>
      tx.selectFrom("plugin_membership.coupon_redemptions").select("id").where("coupon_id", "=", coupon.id).execute()
    );
    assert.equal(rows.length, 1, "one redemption written");
  }
});

Deno.test("redeem: the store undoes a redemption within the district's window, and only its own", async () => {
  await using bed = await membershipTestBed({ config: { couponsUndoMinutes: 10 } });
  const [storeA, storeB] = [await bed.store("home", "A 店"), await bed.store("home", "B 店")];
  const admin = await bed.signIn("operator_admin");
  const tillA = await bed.signIn("store_staff", "home", storeA);
  const tillB = await bed.signIn("store_staff", "home", storeB);
  const template = await createTemplate(admin, { ...TWENTY_OFF, minSpendFen: 0 });
  const member = await bed.join("13700000004");
  const coupon = await giveCoupon(bed, template.id, member.id);
  const first = await (await tillA.post(redeem, { code: coupon.code, receiptId: "R-1" })).json();
  const check = await (await tillA.get(`${coupons}/codes/${coupon.code}`)).json();
  assert.ok(Date.parse(check.undoUntil) > Date.now(), "the till is told until when it may undo");

  assert.equal((await tillB.post(`${redeem}/${first.redemptionId}/undo`)).status, 404, "not another store");
  const undone = await tillA.post(`${redeem}/${first.redemptionId}/undo`);
  assert.deepEqual(await undone.json(), { couponId: coupon.id, undone: true });
  assert.equal((await tillA.post(`${redeem}/${first.redemptionId}/undo`)).status, 409, "not twice");
  const again = await tillB.post(redeem, { code: coupon.code, receiptId: "R-9" });
  assert.equal(again.status, 200, "the coupon can be used again");
  const second = await again.json();

  await bed.inDistrict((tx) =>
    tx.updateTable("plugin_membership.coupon_redemptions").set({ redeemed_at: new Date(Date.now() - 11 * 60_000) })
      .where("id", "=", second.redemptionId).execute()
  );
  assert.equal((await tillB.post(`${redeem}/${second.redemptionId}/undo`)).status, 409, "too late");
  assert.deepEqual(
    (await auditActions(bed, "membership.coupon-redemption-undo")).map((e) => e.target),
    [`coupon:${coupon.id}`],
  );
  const log: { id: string; undoneAt: string | null }[] =
    (await (await admin.get(`${redeem}?templateId=${template.id}`)).json()).items;
  assert.deepEqual(
    log.map((r) => [r.id, r.undoneAt !== null]).sort(),
    [[first.redemptionId, true], [second.redemptionId, false]].sort(),
    "the undone redemption stays in the log, marked",
  );
});
