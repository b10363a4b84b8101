/** Coupon templates: the operator's for the district, a store's for itself, and nobody else's. */
import assert from "node:assert/strict";
import { TestClient } from "../../../tests/support/http.ts";
import { membershipTestBed } from "../test-support.ts";
import { auditActions, coupons, createTemplate, TWENTY_OFF } from "./test-helpers.ts";

Deno.test("coupon templates: the operator makes the district's, valid at all stores or the ones listed", async () => {
  await using bed = await membershipTestBed();
  const admin = await bed.signIn("operator_admin");
  const [east, west] = [await bed.store("home", "东门店"), await bed.store("home", "西门店")];
  const everywhere = await createTemplate(admin);
  assert.equal(everywhere.ownerStoreId, null);
  assert.deepEqual(everywhere.storeIds, [], "no list: every store of the alliance");
  const listed = await createTemplate(admin, {
    title: "停车两小时",
    kind: "parking",
    freeMinutes: 120,
    validUntil: new Date(Date.now() + 86_400_000).toISOString(),
    storeIds: [east, west, east],
  });
  assert.deepEqual(listed.storeIds, [east, west].sort());

  const list = await (await admin.get(`${coupons}/templates`)).json();
  assert.deepEqual(list.items.map((t: { id: string }) => t.id).sort(), [everywhere.id, listed.id].sort());
  assert.deepEqual(list.items[0].stats, { issued: 0, active: 0, redeemed: 0, expired: 0, void: 0 });
  assert.deepEqual(
    (await auditActions(bed, "membership.coupon-template")).map((e) => [e.action, e.target]),
    [
      ["membership.coupon-template-create", `coupon-template:${everywhere.id}`],
      ["membership.coupon-template-create", `coupon-template:${listed.id}`],
    ],
  );

  const staff = await bed.signIn("operator_staff");
  assert.equal((await staff.get(`${coupons}/templates`)).status, 200, "staff may look");
  assert.equal((await staff.post(`${coupons}/templates`, TWENTY_OFF)).status, 403, "not create");
  assert.equal((await new TestClient(bed.app.app).get(`${coupons}/templates`)).status, 401);
});

Deno.test("coupon templates: bad input is refused whole, naming the field", async () => {
  await using bed = await membershipTestBed();
  const admin = await bed.signIn("operator_admin");
  const refused = async (input: Record<string, unknown>) => {
    const res = await admin.post(`${coupons}/templates`, input);
    assert.equal(res.status, 422, JSON.stringify(input));
    assert.match(res.headers.get("content-type") ?? "", /problem\+json/);
    return (await res.json()).errors.map((e: { field: string }) => e.field);
  };
  assert.deepEqual(await refused({ ...TWENTY_OFF, amountOffFen: undefined }), ["amountOffFen"]);
  assert.deepEqual(await refused({ ...TWENTY_OFF, kind: "percent", percentOff: 20 }), ["maxDiscountFen"]);
  assert.deepEqual(await refused({ ...TWENTY_OFF, kind: "gift" }), ["giftDescription"]);
  assert.deepEqual(await refused({ ...TWENTY_OFF, validDays: undefined }), ["validUntil"]);
  assert.deepEqual(await refused({ ...TWENTY_OFF, validUntil: "2020-01-01T00:00:00Z" }), ["validUntil"]);
  assert.deepEqual(await refused({ ...TWENTY_OFF, percentOff: 95, kind: "percent", maxDiscountFen: 1 }), [
    "percentOff",
  ]);
  assert.deepEqual(
    await refused({ title: "停车", kind: "parking", freeMinutes: 60, validDays: 1, minSpendFen: 100 }),
    ["minSpendFen"],
  );
  assert.deepEqual(await refused({ ...TWENTY_OFF, title: "x" }), ["title"]);
  assert.deepEqual(await refused({ ...TWENTY_OFF, storeIds: [crypto.randomUUID()] }), ["storeIds.0"]);
  const otherStore = await bed.store("other");
  assert.deepEqual(await refused({ ...TWENTY_OFF, storeIds: otherStore }), ["storeIds.0"], "another district's");
  const stored = await bed.inDistrict((tx) =>
    tx.selectFrom("plugin_membership.coupon_templates").select("id").execute()
  );
  assert.deepEqual(stored, [], "nothing was half-made");
});

Deno.test("coupon templates: a store manages its own only, valid at that store only", async () => {
  await using bed = await membershipTestBed();
  const [storeA, storeB] = [await bed.store("home", "A 店"), await bed.store("home", "B 店")];
  const ownerA = await bed.signIn("store_owner", "home", storeA);
  const ownerB = await bed.signIn("store_owner", "home", storeB);
  const staffA = await bed.signIn("store_staff", "home", storeA);
  const admin = await bed.signIn("operator_admin");
  const district = await createTemplate(admin);

  const own = await createTemplate(ownerA, { ...TWENTY_OFF, title: "A 店满减" });
  assert.equal(own.ownerStoreId, storeA);
  assert.deepEqual(own.storeIds, [storeA]);
  const listing = await ownerA.post(`${coupons}/templates`, { ...TWENTY_OFF, storeIds: [storeB] });
  assert.equal(listing.status, 422, "a store cannot make a coupon for other stores");
  assert.equal((await listing.json()).errors[0].field, "storeIds");
  assert.equal((await staffA.post(`${coupons}/templates`, TWENTY_OFF)).status, 403, "store staff do not manage");

  const seenByA = (await (await staffA.get(`${coupons}/templates`)).json()).items.map((t: { id: string }) => t.id);
  assert.deepEqual(seenByA, [own.id], "a store's list is its own templates");
  assert.deepEqual((await (await ownerB.get(`${coupons}/templates`)).json()).items, []);
  assert.equal((await ownerB.get(`${coupons}/templates/${own.id}`)).status, 404, "B cannot see A's");
  assert.equal((await ownerB.post(`${coupons}/templates/${own.id}/pause`)).status, 404, "nor pause it");
  assert.equal((await ownerA.post(`${coupons}/templates/${district.id}/pause`)).status, 404, "nor the district's");
  assert.equal((await ownerA.get(`${coupons}/templates/${district.id}`)).status, 404);

  const paused = await ownerA.post(`${coupons}/templates/${own.id}/pause`);
  assert.deepEqual(await paused.json(), { id: own.id, status: "paused" });
  assert.equal((await (await ownerA.get(`${coupons}/templates/${own.id}`)).json()).status, "paused");
  assert.equal((await admin.post(`${coupons}/templates/${own.id}/resume`)).status, 200, "the operator oversees");
  const all = (await (await admin.get(`${coupons}/templates`)).json()).items;
  assert.deepEqual(all.map((t: { status: string }) => t.status), ["active", "active"]);
  assert.deepEqual(
    (await auditActions(bed, "membership.coupon-template-")).map((e) => e.action).slice(-2),
    ["membership.coupon-template-pause", "membership.coupon-template-resume"],
  );
});
