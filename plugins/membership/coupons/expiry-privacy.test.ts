/**
 * The nightly expiry, and the member's data rights: an export lists their coupons, an erasure detaches them from
 * the member while the template's counts and the stores' redemption log stay as they were.
 */
import assert from "node:assert/strict";
import { membershipTestBed } from "../test-support.ts";
import { expireCoupons } from "./jobs.ts";
import { coupons, createTemplate, giveCoupon, storedCoupons, TWENTY_OFF } from "./test-helpers.ts";
import { walletOf } from "./wallet.ts";

Deno.test("expiry: a coupon past its end is expired at once for the member and the till, and marked nightly", async () => {
  await using bed = await membershipTestBed();
  const store = await bed.store("home", "A 店");
  const admin = await bed.signIn("operator_admin");
  const till = await bed.signIn("store_staff", "home", store);
  const template = await createTemplate(admin, { ...TWENTY_OFF, minSpendFen: 0, perMemberLimit: 2 });
  const member = await bed.join("13400000001");
  const old = await giveCoupon(bed, template.id, member.id);
  const fresh = await giveCoupon(bed, template.id, member.id);
  await bed.inDistrict((tx) =>
    tx.updateTable("plugin_membership.coupons")
      .set({ valid_from: new Date(Date.now() - 31 * 86_400_000), valid_until: new Date(Date.now() - 60_000) })
      .where("id", "=", old.id).execute()
  );

  const wallet = await bed.inDistrict((tx) => walletOf(tx, member.id));
  assert.deepEqual([wallet.active.map((c) => c.id), wallet.expired.map((c) => c.id)], [[fresh.id], [old.id]]);
  const stats = async () => (await (await admin.get(`${coupons}/templates/${template.id}`)).json()).stats;
  assert.deepEqual(await stats(), { issued: 2, active: 1, redeemed: 0, expired: 1, void: 0 }, "before the job");
  assert.equal((await till.post(`${coupons}/redemptions`, { code: old.code })).status, 409);

  assert.ok(
    bed.app.plugins!.schedules().some((s) => s.job.name === `membership.${expireCoupons.name}` && s.cron),
    "scheduled daily",
  );
  const job = bed.app.plugins!.jobDefinitions().find((j) => j.name === `membership.${expireCoupons.name}`)!;
  await bed.app.jobs.enqueue(job, {}, { tenantId: bed.districts.home });
  await bed.deliverEvents();
  const stored = await storedCoupons(bed);
  assert.deepEqual(stored.map((c) => [c.id, c.status]), [[old.id, "expired"], [fresh.id, "active"]]);
  assert.deepEqual(await stats(), { issued: 2, active: 1, redeemed: 0, expired: 1, void: 0 }, "after: the same");
});

Deno.test("data rights: export lists the member's coupons; erasure detaches them and keeps every count", async () => {
  await using bed = await membershipTestBed();
  const store = await bed.store("home", "A 店");
  const admin = await bed.signIn("operator_admin");
  const till = await bed.signIn("store_staff", "home", store);
  const template = await createTemplate(admin, { ...TWENTY_OFF, minSpendFen: 0, perMemberLimit: 2 });
  const member = await bed.join("13400000002");
  const keeper = await bed.join("13400000003");
  const used = await giveCoupon(bed, template.id, member.id);
  const unused = await giveCoupon(bed, template.id, member.id, "survey");
  const others = await giveCoupon(bed, template.id, keeper.id);
  await till.post(`${coupons}/redemptions`, { code: used.code, receiptId: "R-1" });

  const exported = await admin.post("/api/v1/privacy/subject-requests", { kind: "export", subjectId: member.id });
  assert.equal(exported.status, 200, await exported.clone().text());
  const section = (await exported.json()).sections["membership.coupons"];
  assert.deepEqual(
    section.coupons.map((c: { id: string; code: string; redeemedAtStore: string | null }) => [
      c.id,
      c.code,
      c.redeemedAtStore,
    ]),
    [[used.id, used.code, store], [unused.id, unused.code, null]],
  );

  const before = (await (await admin.get(`${coupons}/templates/${template.id}`)).json()).stats;
  const erased = await admin.post("/api/v1/privacy/subject-requests", { kind: "erase", subjectId: member.id });
  assert.equal(erased.status, 200, await erased.clone().text());
  assert.deepEqual((await erased.json()).handlers["membership.coupons"], { affected: 2 });

  const stored = await storedCoupons(bed);
  const row = (id: string) => stored.find((c) => c.id === id)!;
  assert.deepEqual([row(used.id).member_id, row(used.id).status], [null, "redeemed"]);
  assert.deepEqual([row(unused.id).member_id, row(unused.id).status], [null, "void"], "no longer usable by anyone");
  assert.ok(!row(unused.id).issue_key.includes(member.id));
  assert.deepEqual([row(others.id).member_id, row(others.id).status], [keeper.id, "active"], "others untouched");
  const after = (await (await admin.get(`${coupons}/templates/${template.id}`)).json()).stats;
  assert.deepEqual([after.issued, after.redeemed], [before.issued, before.redeemed], "counts kept");
  assert.equal((await (await till.get(`${coupons}/redemptions`)).json()).items.length, 1, "the store's log kept");
  assert.equal((await till.post(`${coupons}/redemptions`, { code: unused.code })).status, 409);
  const again = await admin.post("/api/v1/privacy/subject-requests", { kind: "export", subjectId: member.id });
  assert.deepEqual((await again.json()).sections["membership.coupons"], { coupons: [] });
});
