/** What operators and stores see of the members: masked lists, details, audited reveals, and who sees what. */
import assert from "node:assert/strict";
import { TestClient } from "../../../tests/support/http.ts";
import { base, membershipTestBed } from "../test-support.ts";

Deno.test("members list: masked, found by exact mobile or card number, filtered by level and tag, paged", async () => {
  await using bed = await membershipTestBed();
  const admin = await bed.signIn("operator_admin");
  const entry = await (await admin.post(`${base}/levels`, {
    code: "silver",
    nameZh: "银卡",
    nameEn: "Silver",
    rank: 0,
    thresholdPoints: 0,
  })).json();
  const a = await bed.join("13800138000");
  const b = await bed.join("13900139000");
  const c = await bed.join("13700137000");
  const gold = await (await admin.post(`${base}/levels`, {
    code: "gold",
    nameZh: "金卡",
    nameEn: "Gold",
    rank: 1,
    thresholdPoints: 1000,
  })).json();
  await bed.inDistrict((tx) =>
    tx.updateTable("plugin_membership.members").set({ level_id: gold.id }).where("id", "=", c.id).execute()
  );
  const vip = await (await admin.post(`${base}/tags`, { code: "vip", name: "贵宾" })).json();
  assert.equal((await admin.post(`${base}/members/${b.id}/tags`, { tagId: vip.id })).status, 200);

  const staff = await bed.signIn("operator_staff");
  const all = await (await staff.get(`${base}/members`)).json();
  assert.equal(all.total, 3);
  assert.deepEqual(all.items.map((m: { id: string }) => m.id), [c.id, b.id, a.id], "newest first");
  assert.deepEqual(all.items.map((m: { mobile: string }) => m.mobile), ["137****7000", "139****9000", "138****8000"]);
  assert.ok(!JSON.stringify(all).includes("13800138000"), "no number in clear anywhere in the answer");
  assert.deepEqual(all.counts.members, 3);
  assert.deepEqual(all.counts.joinedLast30Days, 3);
  assert.deepEqual(
    all.counts.byLevel.sort((x: { members: number }, y: { members: number }) => x.members - y.members),
    [{ levelId: gold.id, members: 1 }, { levelId: entry.id, members: 2 }],
  );

  const byMobile = await (await staff.get(`${base}/members?mobile=${encodeURIComponent("+86 139 0013 9000")}`)).json();
  assert.deepEqual(byMobile.items.map((m: { id: string }) => m.id), [b.id]);
  const byNo = await (await staff.get(`${base}/members?memberNo=${a.memberNo}`)).json();
  assert.deepEqual(byNo.items.map((m: { id: string }) => m.id), [a.id]);
  const byLevel = await (await staff.get(`${base}/members?levelId=${gold.id}`)).json();
  assert.deepEqual(byLevel.items.map((m: { id: string; level: { code: string } }) => [m.id, m.level.code]), [[
    c.id,
    "gold",
  ]]);
  const byTag = await (await staff.get(`${base}/members?tagId=${vip.id}`)).json();
  assert.deepEqual(byTag.items.map((m: { id: string }) => m.id), [b.id]);
  const page2 = await (await staff.get(`${base}/members?page=2&pageSize=2`)).json();
  assert.deepEqual([page2.total, page2.items.map((m: { id: string }) => m.id)], [3, [a.id]]);
  const bad = await staff.get(`${base}/members?mobile=12345&pageSize=500`);
  assert.equal(bad.status, 422);
  assert.deepEqual((await bad.json()).errors.map((e: { field: string }) => e.field).sort(), [
    "query.mobile",
    "query.pageSize",
  ]);
});

Deno.test("member detail: level, tags, stores joined and consent; the mobile in clear is audited", async () => {
  await using bed = await membershipTestBed();
  const store = await bed.store("home", "星巴克彭城店");
  const member = await bed.join("13800138000", { storeId: store });
  await member.client.post(`${base}/public/home/me/consent`, { marketing: true });
  await member.client.patch(`${base}/public/home/me`, { name: "欧阳娜娜", birthday: "1995-07-01" });
  const admin = await bed.signIn("operator_admin");
  const tag = await (await admin.post(`${base}/tags`, { code: "new", name: "新会员" })).json();
  await admin.post(`${base}/members/${member.id}/tags`, { tagId: tag.id });
  const again = await (await admin.post(`${base}/members/${member.id}/tags`, { tagId: tag.id })).json();
  assert.equal(again.added, false, "tagging twice changes nothing");

  const detail = await (await admin.get(`${base}/members/${member.id}`)).json();
  assert.equal(detail.mobile, "138****8000");
  assert.equal(detail.name, "欧阳**");
  assert.equal(detail.birthday, "1995-**-**");
  assert.equal(detail.joinedChannel, "h5");
  assert.deepEqual(detail.joinedStore, { id: store, name: "星巴克彭城店" });
  assert.deepEqual(detail.stores.map((s: { id: string; via: string }) => [s.id, s.via]), [[store, "signup"]]);
  assert.deepEqual(detail.tags.map((t: { code: string; source: string }) => [t.code, t.source]), [["new", "manual"]]);
  assert.equal(detail.marketingConsent.granted, true);
  assert.equal(detail.marketingConsent.channel, "h5");

  const staff = await bed.signIn("operator_staff");
  assert.equal((await staff.get(`${base}/members/${member.id}`)).status, 200);
  assert.equal(
    (await staff.get(`${base}/members/${member.id}/mobile?purpose=回访`)).status,
    403,
    "staff lack pii:read:phone",
  );
  const noPurpose = await admin.get(`${base}/members/${member.id}/mobile`);
  assert.equal(noPurpose.status, 422);
  assert.equal((await noPurpose.json()).errors[0].field, "query.purpose");
  const revealed = await admin.get(`${base}/members/${member.id}/mobile?purpose=${encodeURIComponent("会员来电核实")}`);
  assert.equal(revealed.status, 200);
  assert.deepEqual(await revealed.json(), { mobile: "13800138000" });
  const audit = await bed.inDistrict((tx) =>
    tx.selectFrom("core.audit_log").select(["action", "target", "details"]).where("action", "in", [
      "pii.reveal",
      "membership.member-tag",
    ]).orderBy("seq").execute()
  );
  assert.deepEqual(audit.map((e) => [e.action, e.target]), [
    ["membership.member-tag", `member:${member.id}`],
    ["pii.reveal", `member:${member.id}`],
  ]);
  assert.deepEqual(audit[1].details, { type: "phone", purpose: "会员来电核实" });

  const removed = await admin.delete(`${base}/members/${member.id}/tags/${tag.id}`);
  assert.deepEqual(await removed.json(), { removed: true });
  assert.equal((await admin.get(`${base}/members/00000000-0000-4000-8000-000000000000`)).status, 404);
});

Deno.test("members: stores and other districts see nothing of them", async () => {
  await using bed = await membershipTestBed();
  const store = await bed.store();
  const member = await bed.join("13800138000", { storeId: store });
  const owner = await bed.signIn("store_owner", "home", store);
  assert.equal((await owner.get(`${base}/members`)).status, 403);
  assert.equal((await owner.get(`${base}/members/${member.id}`)).status, 403);
  assert.equal((await new TestClient(bed.app.app).get(`${base}/members`)).status, 401);
  assert.equal((await member.client.get(`${base}/members`)).status, 401, "a member's session is no sign-in here");

  await bed.app.plugins!.enable({ tenantId: bed.districts.other, pluginId: "membership", actor: "system:test" });
  const otherAdmin = await bed.signIn("operator_admin", "other");
  assert.equal((await (await otherAdmin.get(`${base}/members`)).json()).total, 0);
  assert.equal((await otherAdmin.get(`${base}/members/${member.id}`)).status, 404);
  assert.equal((await otherAdmin.get(`${base}/members/${member.id}/mobile?purpose=x1`)).status, 404);
  const otherTag = await (await otherAdmin.post(`${base}/tags`, { code: "vip", name: "贵宾" })).json();
  assert.equal(
    (await otherAdmin.post(`${base}/members/${member.id}/tags`, { tagId: otherTag.id })).status,
    404,
    "cannot tag another district's member",
  );
  const homeAdmin = await bed.signIn("operator_admin");
  const homeTag = (await (await homeAdmin.post(`${base}/tags`, { code: "vip", name: "贵宾" })).json()).id;
  assert.equal((await homeAdmin.post(`${base}/members/${member.id}/tags`, { tagId: homeTag })).status, 200);
  assert.equal(
    (await otherAdmin.delete(`${base}/members/${member.id}/tags/${homeTag}`)).status,
    404,
    "nor take a tag off it",
  );
  assert.equal((await homeAdmin.delete(`${base}/members/${member.id}/tags/${homeTag}`)).status, 200);
  assert.equal(
    (await homeAdmin.post(`${base}/members/${member.id}/tags`, { tagId: otherTag.id })).status,
    422,
    "nor use another district's tag",
  );
  assert.equal(
    (await bed.inDistrict((tx) => tx.selectFrom("plugin_membership.member_tags").selectAll().execute())).length,
    0,
  );
});

Deno.test("store members: a store sees its own members only; operators choose the store", async () => {
  await using bed = await membershipTestBed();
  const mine = await bed.store("home", "星巴克");
  const theirs = await bed.store("home", "优衣库");
  const a = await bed.join("13800138000", { storeId: mine });
  await bed.join("13900139000", { storeId: theirs });
  const staff = await bed.signIn("store_staff", "home", mine);
  const seen = await (await staff.get(`${base}/stores/mine/members`)).json();
  assert.equal(seen.storeId, mine);
  assert.deepEqual(
    seen.items.map((m: { id: string; mobile: string; via: string }) => [m.id, m.mobile, m.via]),
    [[a.id, "138****8000", "signup"]],
  );
  assert.equal((await staff.get(`${base}/stores/mine/members?storeId=${theirs}`)).status, 403);
  assert.equal((await staff.get(`${base}/stores/mine/members?storeId=${mine}`)).status, 200);

  const operator = await bed.signIn("operator_staff");
  const unnamed = await operator.get(`${base}/stores/mine/members`);
  assert.equal(unnamed.status, 422);
  assert.equal((await unnamed.json()).errors[0].field, "storeId");
  const chosen = await (await operator.get(`${base}/stores/mine/members?storeId=${theirs}`)).json();
  assert.equal(chosen.total, 1);
  const elsewhere = await bed.store("other");
  assert.equal((await operator.get(`${base}/stores/mine/members?storeId=${elsewhere}`)).status, 422);
});
