/** Data-subject requests reach the members area: a full export, and an erasure that leaves only anonymous rows. */
import assert from "node:assert/strict";
import { TestClient } from "../../../tests/support/http.ts";
import { awardPoints } from "../points/ledger.ts";
import { base, membershipTestBed } from "../test-support.ts";
import { startTestGateway } from "./test-gateway.ts";

Deno.test("member data rights: export everything held, erase to an anonymous stub the ledger still adds up on", async () => {
  await using gateway = startTestGateway();
  await using bed = await membershipTestBed({ config: { membersSmsGatewayUrl: gateway.url } });
  const store = await bed.store("home", "星巴克");
  const consumer = new TestClient(bed.app.app);
  await consumer.post(`${base}/public/home/members/codes`, { mobile: "13800138000" });
  const signedIn = await consumer.post(`${base}/public/home/members/sessions`, {
    mobile: "13800138000",
    code: gateway.codeFor("13800138000"),
    marketingConsent: true,
    storeId: store,
  });
  const { token, memberNo } = await signedIn.json();
  const member = new TestClient(bed.app.app, token);
  await member.patch(`${base}/public/home/me`, { name: "张三", birthday: "1988-08-08" });
  const admin = await bed.signIn("operator_admin");
  const memberId = (await (await admin.get(`${base}/members?memberNo=${memberNo}`)).json()).items[0].id;
  const tag = (await (await admin.post(`${base}/tags`, { code: "vip", name: "贵宾" })).json()).id;
  await admin.post(`${base}/members/${memberId}/tags`, { tagId: tag });
  await bed.inDistrict((tx) =>
    awardPoints(tx, bed.districts.home, {
      memberId,
      points: 300,
      storeId: store,
      kind: "earn",
      reason: "purchase",
      idempotencyKey: "p-1",
      actor: "system:test",
    })
  );

  const exported = await admin.post("/api/v1/privacy/subject-requests", { kind: "export", subjectId: memberId });
  assert.equal(exported.status, 200, await exported.clone().text());
  const section = (await exported.json()).sections["membership.members"];
  assert.equal(section.members.length, 1);
  const held = section.members[0];
  assert.deepEqual(
    [held.memberId, held.memberNo, held.mobile, held.name, held.birthday, held.status],
    [memberId, memberNo, "13800138000", "张三", "1988-08-08", "active"],
  );
  assert.deepEqual(held.stores.map((s: { storeId: string; via: string }) => [s.storeId, s.via]), [[store, "signup"]]);
  assert.deepEqual(held.tags.map((t: { code: string }) => t.code), ["vip"]);
  assert.equal(held.sessions.length, 1);
  assert.equal(held.verificationCodes.length, 1);
  assert.ok(!JSON.stringify(held).includes(token), "never the session token");

  // Found by the number the person proved, when the request names no member id.
  const byPhone = await admin.post("/api/v1/privacy/subject-requests", {
    kind: "export",
    subjectId: "walk-in-2026-001",
    identifiers: { phone: "138 0013 8000" },
  });
  assert.equal((await byPhone.json()).sections["membership.members"].members[0].memberId, memberId);

  // The other district's request about this member changes nothing here.
  await bed.app.plugins!.enable({ tenantId: bed.districts.other, pluginId: "membership", actor: "system:test" });
  const otherAdmin = await bed.signIn("operator_admin", "other");
  const elsewhere = await otherAdmin.post("/api/v1/privacy/subject-requests", { kind: "erase", subjectId: memberId });
  assert.equal((await elsewhere.json()).handlers["membership.members"].affected, 0);
  assert.equal((await member.get(`${base}/public/home/me`)).status, 200);

  const erased = await admin.post("/api/v1/privacy/subject-requests", { kind: "erase", subjectId: memberId });
  assert.equal(erased.status, 200, await erased.clone().text());
  // One code, one session, one tag, one store membership, and the member row itself.
  assert.equal((await erased.json()).handlers["membership.members"].affected, 5);
  const stub = await bed.inDistrict((tx) =>
    tx.selectFrom("plugin_membership.members").selectAll().where("id", "=", memberId).executeTakeFirstOrThrow()
  );
  assert.deepEqual(
    [stub.status, stub.mobile_enc, stub.mobile_index, stub.name_enc, stub.birthday_enc, stub.birth_month],
    ["erased", null, null, null, null, null],
  );
  assert.ok(stub.erased_at);
  const left = await bed.inDistrict(async (tx) => ({
    sessions: (await tx.selectFrom("plugin_membership.member_sessions").select("member_id").execute()).length,
    codes: (await tx.selectFrom("plugin_membership.member_codes").select("id").execute()).length,
    tags: (await tx.selectFrom("plugin_membership.member_tags").select("member_id").execute()).length,
    stores: (await tx.selectFrom("plugin_membership.store_members").select("member_id").execute()).length,
    earned: (await tx.selectFrom("plugin_membership.points_ledger").select("points").where("member_id", "=", memberId)
      .where("kind", "=", "earn").execute()).map((row) => row.points),
  }));
  // The ledger keeps its rows (the points area settles what the erasure does to the balance).
  assert.deepEqual(left, { sessions: 0, codes: 0, tags: 0, stores: 0, earned: [300] });
  assert.equal((await member.get(`${base}/public/home/me`)).status, 401, "the session ended");
  assert.equal((await admin.get(`${base}/members`)).status, 200);
  assert.equal((await (await admin.get(`${base}/members`)).json()).total, 0);
  assert.equal((await admin.get(`${base}/members/${memberId}/mobile?purpose=check`)).status, 404);
  assert.equal((await admin.post(`${base}/cards/resolve`, { code: memberNo })).status, 404);

  // The same number may join again: as a new member, with nothing of the old one.
  const rejoined = await bed.join("13800138000");
  assert.notEqual(rejoined.id, memberId);
  assert.notEqual(rejoined.memberNo, memberNo);
});

Deno.test("member data rights: codes and expired sessions are registered for retention", async () => {
  await using bed = await membershipTestBed();
  const admin = await bed.signIn("operator_admin");
  const listed = await (await admin.get("/api/v1/privacy/retention")).json();
  const ours = listed.items.filter((item: { dataClass: string }) => item.dataClass.startsWith("membership_member_"));
  assert.deepEqual(
    ours.map((item: { dataClass: string; days: number; action: string }) => [item.dataClass, item.days, item.action])
      .sort(),
    [["membership_member_codes", 1, "delete"], ["membership_member_sessions", 30, "delete"]],
  );
});
