/**
 * Another district, with the plugin on too, cannot see or change anything of this district's coupons through any
 * route: templates, batches, coupons, redemptions. (Another store's limits are in templates.test.ts and
 * redeem.test.ts.)
 */
import assert from "node:assert/strict";
import { EMPTY_RULES } from "../campaigns/segment-rules.ts";
import { createSegment } from "../campaigns/segments.ts";
import { membershipTestBed } from "../test-support.ts";
import { coupons, createTemplate, giveCoupon, TWENTY_OFF } from "./test-helpers.ts";

const TABLES = [
  "plugin_membership.coupon_templates",
  "plugin_membership.coupon_template_stores",
  "plugin_membership.coupon_issue_batches",
  "plugin_membership.coupons",
  "plugin_membership.coupon_redemptions",
] as const;

Deno.test("isolation: another district sees none of this district's coupons and changes none", async () => {
  await using bed = await membershipTestBed();
  const store = await bed.store("home", "A 店");
  const admin = await bed.signIn("operator_admin");
  const till = await bed.signIn("store_staff", "home", store);
  const member = await bed.join("13300000001", { storeId: store });
  const template = await createTemplate(admin, { ...TWENTY_OFF, minSpendFen: 0, storeIds: [store], perMemberLimit: 3 });
  const segmentId = await bed.inDistrict((tx) =>
    createSegment(tx, bed.districts.home, { name: "全部", rules: EMPTY_RULES, createdBy: "system:test" })
  );
  await admin.post(`${coupons}/templates/${template.id}/issues`, { segmentId });
  await bed.deliverEvents();
  const used = await giveCoupon(bed, template.id, member.id);
  const live = await giveCoupon(bed, template.id, member.id);
  const redeemed = await (await till.post(`${coupons}/redemptions`, { code: used.code, receiptId: "R-1" })).json();
  const before = await bed.inDistrict((tx) =>
    Promise.all(TABLES.map((table) => tx.selectFrom(table).selectAll().execute()))
  );
  assert.ok(before.every((rows) => rows.length > 0), "every table has a row to protect");

  await bed.app.plugins!.enable({ tenantId: bed.districts.other, pluginId: "membership", actor: "system:test" });
  const otherStore = await bed.store("other", "他店");
  const otherAdmin = await bed.signIn("operator_admin", "other");
  const otherTill = await bed.signIn("store_owner", "other", otherStore);
  const outsider = await bed.join("13300000001", { district: "other" });

  assert.deepEqual((await (await otherAdmin.get(`${coupons}/templates`)).json()).items, []);
  assert.deepEqual((await (await otherAdmin.get(`${coupons}/redemptions`)).json()).items, []);
  assert.deepEqual((await (await otherTill.get(`${coupons}/redemptions`)).json()).items, []);
  const tpl = `${coupons}/templates/${template.id}`;
  const statuses = [
    (await otherAdmin.get(tpl)).status,
    (await otherAdmin.post(`${tpl}/pause`)).status,
    (await otherAdmin.get(`${tpl}/issues`)).status,
    (await otherAdmin.post(`${tpl}/issues`, { segmentId })).status,
    (await otherAdmin.post(`${tpl}/grants`, { memberNo: member.memberNo, source: "manual", reference: "x" })).status,
    (await otherTill.get(`${coupons}/codes/${live.code}`)).status,
    (await otherTill.post(`${coupons}/redemptions`, { code: live.code })).status,
    (await otherAdmin.post(`${coupons}/redemptions`, { code: live.code, storeId: otherStore })).status,
    (await otherTill.post(`${coupons}/redemptions/${redeemed.redemptionId}/undo`)).status,
    (await otherAdmin.post(`${coupons}/parking-redemptions`, { code: live.code })).status,
  ];
  assert.deepEqual(statuses, [404, 404, 404, 404, 404, 404, 404, 404, 404, 404]);
  const crossStore = await otherAdmin.post(`${coupons}/templates`, { ...TWENTY_OFF, storeIds: [store] });
  assert.equal(crossStore.status, 422, "this district's store is unknown there");

  const offers = await (await outsider.client.get("/api/v1/plugins/membership/public/other/coupons")).json();
  assert.deepEqual(offers.items, []);
  const claimThere = await outsider.client.post(
    `/api/v1/plugins/membership/public/other/coupons/${template.id}/claims`,
    { idempotencyKey: "k" },
  );
  assert.equal(claimThere.status, 404);
  const wallet = await (await outsider.client.get("/api/v1/plugins/membership/public/other/me/coupons")).json();
  assert.deepEqual([wallet.active, wallet.used, wallet.expired], [[], [], []]);
  const signedInElsewhere = await outsider.client.get("/api/v1/plugins/membership/public/home/me/coupons");
  assert.equal(signedInElsewhere.status, 401, "a session of the other district is no session here");

  for (const table of TABLES) {
    const rows = await bed.inDistrict((tx) => tx.selectFrom(table).selectAll().execute(), "other");
    assert.deepEqual(rows, [], `${table} shows nothing in the other district`);
  }
  const after = await bed.inDistrict((tx) =>
    Promise.all(TABLES.map((table) => tx.selectFrom(table).selectAll().execute()))
  );
  assert.deepEqual(after, before, "and nothing here changed");
});
