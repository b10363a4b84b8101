/** Districts and stores apart: nobody sees or changes another district's points, nor another store's. */
import assert from "node:assert/strict";
import { TestClient } from "../../../tests/support/http.ts";
import { membershipTestBed } from "../test-support.ts";
import { today } from "./page-bits.tsx";
import { assertBalance, memberBrowser, posOf, sendSales } from "./test-helpers.ts";

const api = "/api/v1/plugins/membership/points";

Deno.test("points isolation: another district sees none of this district's rules, stores, members or settlement", async () => {
  await using bed = await membershipTestBed();
  const store = await bed.store("home", "A 店");
  const member = await bed.join("13800138040");
  const pos = await posOf(bed);
  await sendSales(bed, pos, [{ storeId: store, receiptId: "r-1", amountFen: 10_000, memberId: member.memberNo }]);
  const admin = await bed.signIn("operator_admin");
  const made = await admin.post(`${api}/rules`, { name: "全商圈", kind: "base", scope: "district", pointsPerYuan: 2 });
  const { id: ruleId } = await made.json();

  const otherAdmin = await bed.signIn("operator_admin", "other");
  assert.equal((await otherAdmin.get(`${api}/rules`)).status, 404, "the plugin is off in the other district");
  await bed.app.plugins!.enable({ tenantId: bed.districts.other, pluginId: "membership", actor: "system:test" });
  assert.deepEqual((await (await otherAdmin.get(`${api}/rules`)).json()).items, []);
  assert.equal((await otherAdmin.patch(`${api}/rules/${ruleId}`, { pointsPerYuan: 9 })).status, 404);
  assert.equal((await otherAdmin.delete(`${api}/rules/${ruleId}`)).status, 404);
  assert.deepEqual((await (await otherAdmin.get(`${api}/stores`)).json()).items, []);
  assert.equal((await otherAdmin.post(`${api}/stores/${store}/participation`, { participates: false })).status, 404);
  assert.equal((await otherAdmin.get(`${api}/members/${member.id}/ledger`)).status, 404);
  assert.equal((await otherAdmin.get(`${api}/members/${member.memberNo}/ledger`)).status, 404);
  assert.equal(
    (await otherAdmin.post(`${api}/members/${member.id}/adjustments`, {
      points: -10,
      reason: "不应生效",
      idempotencyKey: "cross-0001",
    })).status,
    404,
  );
  const day = today();
  const otherReport = await (await otherAdmin.get(`${api}/settlements?from=${day}&to=${day}`)).json();
  assert.deepEqual(otherReport.parties, []);

  // A till of the other district cannot name this district's member.
  const otherStore = await bed.store("other", "别家店");
  const otherTill = await bed.signIn("store_staff", "other", otherStore);
  const taken = await otherTill.post(`${api}/redemptions`, {
    member: member.memberNo,
    points: 10,
    idempotencyKey: "cross-0002",
  });
  assert.equal(taken.status, 422);
  // The member's session is this district's only.
  const browser = await memberBrowser(bed, member);
  assert.equal((await browser.get(`${api.replace("/points", "")}/public/other/me/points`)).status, 401);
  // A sale sent in the other district naming this member's card earns nothing here.
  const otherOperator = await bed.signIn("operator_admin", "other");
  const key = await (await otherOperator.post("/api/v1/api-keys", { name: "POS", permissions: ["events:write"] }))
    .json();
  const otherPos = new TestClient(bed.app.app, key.token);
  await sendSales(bed, otherPos, [{
    storeId: otherStore,
    receiptId: "o-1",
    amountFen: 10_000,
    memberId: member.memberNo,
  }]);
  await assertBalance(bed, member.id, 100);
  assert.equal(
    (await bed.inDistrict((tx) => tx.selectFrom("plugin_membership.points_ledger").select("id").execute(), "other"))
      .length,
    0,
  );
});

Deno.test("points isolation: a store acts for itself only and reaches none of the operators' routes", async () => {
  await using bed = await membershipTestBed();
  const storeA = await bed.store("home", "A 店");
  const storeB = await bed.store("home", "B 店");
  const member = await bed.join("13800138041");
  const pos = await posOf(bed);
  await sendSales(bed, pos, [{ storeId: storeA, receiptId: "r-1", amountFen: 10_000, memberId: member.memberNo }]);
  const ownerB = await bed.signIn("store_owner", "home", storeB);

  const res = await ownerB.post(`${api}/redemptions`, {
    member: member.memberNo,
    points: 10,
    idempotencyKey: "store-b-0001",
    storeId: storeA,
  });
  assert.equal(res.status, 422, "the store is who is signed in, never a field of the request");
  const ok = await ownerB.post(`${api}/redemptions`, {
    member: member.memberNo,
    points: 10,
    idempotencyKey: "store-b-0001",
  });
  assert.equal(ok.status, 201);
  const entry = await bed.inDistrict((tx) =>
    tx.selectFrom("plugin_membership.points_ledger").select("store_id").where("kind", "=", "redeem")
      .executeTakeFirstOrThrow()
  );
  assert.equal(entry.store_id, storeB);
  // Keys are the store's own: A using B's key redeems separately rather than replaying B's answer.
  const ownerA = await bed.signIn("store_owner", "home", storeA);
  const sameKey = await ownerA.post(`${api}/redemptions`, {
    member: member.memberNo,
    points: 10,
    idempotencyKey: "store-b-0001",
  });
  assert.equal(sameKey.status, 201);
  assert.notEqual((await sameKey.json()).entryId, (await ok.json()).entryId);
  await assertBalance(bed, member.id, 80);

  for (
    const [method, path] of [
      ["GET", `${api}/rules`],
      ["POST", `${api}/rules`],
      ["GET", `${api}/stores`],
      ["POST", `${api}/stores/${storeB}/participation`],
      ["GET", `${api}/members/${member.id}/ledger`],
      ["POST", `${api}/members/${member.id}/adjustments`],
    ] as const
  ) {
    const answer = await ownerB.request(method, path, method === "POST" ? {} : undefined);
    assert.equal(answer.status, 403, `${method} ${path}`);
  }
  // Operators do not redeem or award at a till: those belong to a store.
  const admin = await bed.signIn("operator_admin");
  assert.equal(
    (await admin.post(`${api}/redemptions`, { member: member.memberNo, points: 1, idempotencyKey: "op-00001" })).status,
    403,
  );
  assert.equal((await new TestClient(bed.app.app).get(`${api}/rules`)).status, 401);
});
