/** Parking coupons: redeemed by the district's car parks for free minutes, announced for the parking plugin. */
import assert from "node:assert/strict";
import { TestClient } from "../../../tests/support/http.ts";
import { membershipTestBed } from "../test-support.ts";
import { auditActions, coupons, createTemplate, giveCoupon, TWENTY_OFF } from "./test-helpers.ts";

const PARKING = { title: "免费停车 2 小时", kind: "parking", freeMinutes: 120, validDays: 7 };

Deno.test("parking coupons: the car park gets the free minutes, once, and the event for the parking plugin", async () => {
  await using bed = await membershipTestBed();
  const store = await bed.store("home", "A 店");
  const admin = await bed.signIn("operator_admin");
  const carPark = await bed.signIn("operator_staff");
  const till = await bed.signIn("store_staff", "home", store);
  const parking = await createTemplate(admin, PARKING);
  const discount = await createTemplate(admin, TWENTY_OFF);
  const member = await bed.join("13600000001");
  const coupon = await giveCoupon(bed, parking.id, member.id);
  const other = await giveCoupon(bed, discount.id, member.id);

  const atTill = await till.post(`${coupons}/redemptions`, { code: coupon.code });
  assert.equal(atTill.status, 422, "a parking coupon is not used at a till");
  assert.equal((await atTill.json()).errors[0].field, "code");
  assert.equal(
    (await till.post(`${coupons}/parking-redemptions`, { code: coupon.code })).status,
    403,
    "stores are not car parks",
  );
  const wrongKind = await carPark.post(`${coupons}/parking-redemptions`, { code: other.code });
  assert.equal(wrongKind.status, 422);
  assert.equal((await wrongKind.json()).errors[0].field, "code");

  const res = await carPark.post(`${coupons}/parking-redemptions`, { code: coupon.code, reference: "P-7781" });
  assert.equal(res.status, 200, await res.clone().text());
  const answer = await res.json();
  assert.deepEqual([answer.couponId, answer.freeMinutes, answer.repeated], [coupon.id, 120, false]);
  const retried =
    await (await carPark.post(`${coupons}/parking-redemptions`, { code: coupon.code, reference: "P-7781" }))
      .json();
  assert.deepEqual([retried.freeMinutes, retried.repeated, retried.redeemedAt], [120, true, answer.redeemedAt]);
  const anotherCar = await carPark.post(`${coupons}/parking-redemptions`, { code: coupon.code, reference: "P-9" });
  assert.equal(anotherCar.status, 409, "used");

  const events = await bed.inDistrict((tx) =>
    tx.selectFrom("core.event_outbox").select("payload").where("type", "=", "membership.parking-coupon-redeemed")
      .execute()
  );
  assert.deepEqual(events.map((e) => e.payload), [{
    couponId: coupon.id,
    memberId: member.id,
    freeMinutes: 120,
    reference: "P-7781",
    at: answer.redeemedAt,
  }]);
  assert.equal((await auditActions(bed, "membership.parking-coupon-redeem")).length, 1);
  const log = (await (await admin.get(`${coupons}/redemptions`)).json()).items;
  assert.deepEqual(
    log.map((r: { kind: string; storeId: string | null; freeMinutes: number }) => [
      r.kind,
      r.storeId,
      r.freeMinutes,
    ]),
    [["parking", null, 120]],
  );
  const undo = await admin.post(`${coupons}/redemptions/${log[0].id}/undo`);
  assert.equal(undo.status, 409, "the car park applied it; it is not undone from the console");
});

Deno.test("parking coupons: a car park's system redeems them with an API key that may carry only offered permissions", async () => {
  await using bed = await membershipTestBed();
  const admin = await bed.signIn("operator_admin");
  const keys = await (await admin.get("/api/v1/api-keys")).json();
  const grantable = keys.grantable.map((p: { permission: string }) => p.permission);
  for (const offered of ["membership:parking-coupons", "membership:coupons-redeem", "membership:serve"]) {
    assert.ok(grantable.includes(offered), `${offered} is offered to keys`);
  }
  assert.ok(!grantable.includes("membership:coupons-manage"), "managing templates is for people, not systems");
  const refused = await admin.post("/api/v1/api-keys", { name: "停车场", permissions: ["membership:coupons-manage"] });
  assert.equal(refused.status, 422);
  assert.equal((await refused.json()).errors[0].field, "permissions");

  const created = await admin.post("/api/v1/api-keys", { name: "停车场", permissions: ["membership:parking-coupons"] });
  assert.equal(created.status, 201, await created.clone().text());
  const carPark = new TestClient(bed.app.app, (await created.json()).token);
  const parking = await createTemplate(admin, PARKING);
  const member = await bed.join("13600000002");
  const coupon = await giveCoupon(bed, parking.id, member.id);
  const res = await carPark.post(`${coupons}/parking-redemptions`, { code: coupon.code, reference: "P-1" });
  assert.equal(res.status, 200, await res.clone().text());
  assert.equal((await res.json()).freeMinutes, 120);
  assert.equal((await carPark.get(`${coupons}/templates`)).status, 403, "the key holds only what it was given");
});
