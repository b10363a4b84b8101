/** The members area's pages: the members' phone pages and the operators' and stores' console pages. */
import assert from "node:assert/strict";
import { TestClient } from "../../../tests/support/http.ts";
import { base, type MembershipTestBed, membershipTestBed, type TestMember } from "../test-support.ts";
import { issueMemberSession, memberCookieName } from "./member-auth.ts";

/** A phone with the member's cookie, as the H5 pages are reached after signing in. */
async function phoneOf(bed: MembershipTestBed, member: TestMember): Promise<TestClient> {
  const { token } = await bed.inDistrict((tx) => issueMemberSession(tx, bed.districts.home, member.id));
  const phone = new TestClient(bed.app.app);
  phone.cookie = `${memberCookieName("home")}=${token}`;
  return phone;
}

Deno.test("member pages: join, card, profile and stores on the phone", async () => {
  await using bed = await membershipTestBed({ config: { membersPolicyVersion: "2026-03" } });
  const store = await bed.store("home", "星巴克彭城店");
  const visitor = new TestClient(bed.app.app);
  const join = await visitor.get("/d/home/membership");
  assert.equal(join.status, 200);
  const joinHtml = await join.text();
  assert.match(joinHtml, /<main[^>]*class="[^"]*consumer/);
  assert.match(joinHtml, /第一步：获取验证码/);
  assert.ok(joinHtml.includes(`${base}/public/home/members/codes`));
  assert.ok(joinHtml.includes(`${base}/public/home/members/sessions`));
  assert.match(joinHtml, /marketingConsent/);
  assert.match(joinHtml, /2026-03 版/);
  assert.doesNotMatch(joinHtml, /同时加入门店会员/);
  const atStore = await (await visitor.get(`/d/home/membership?store=${store}`)).text();
  assert.match(atStore, /同时加入门店会员/);
  assert.match(atStore, /星巴克彭城店/);
  const english = await (await visitor.request("GET", "/d/home/membership", undefined, {
    "accept-language": "en-US",
  })).text();
  assert.match(english, /Step 1: get a code/);

  const cardAnonymous = await visitor.get("/d/home/membership/card");
  assert.equal(cardAnonymous.status, 302);
  assert.equal(cardAnonymous.headers.get("location"), "/d/home/membership");
  assert.equal((await visitor.get("/d/home/membership/profile")).status, 302);

  const member = await bed.join("13800138000", { storeId: store });
  await member.client.patch(`${base}/public/home/me`, { name: "张三" });
  const phone = await phoneOf(bed, member);
  const welcome = await (await phone.get("/d/home/membership")).text();
  assert.match(welcome, /欢迎回来/);
  assert.ok(welcome.includes(member.memberNo));

  const card = await phone.get("/d/home/membership/card");
  assert.equal(card.status, 200);
  const cardHtml = await card.text();
  assert.match(cardHtml, /<meta http-equiv="refresh" content="25"\/?>/);
  assert.match(cardHtml, /<img src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="会员码二维码"/);
  assert.ok(cardHtml.includes(`${member.memberNo.slice(0, 4)} ${member.memberNo.slice(4, 8)}`));
  assert.equal(card.headers.get("cache-control"), "no-store");

  const profile = await (await phone.get("/d/home/membership/profile")).text();
  assert.match(profile, /138\*\*\*\*8000/);
  assert.match(profile, /张\*/);
  assert.doesNotMatch(profile, /13800138000|张三/, "masked on the page too");
  assert.match(profile, /&quot;method&quot;:&quot;PATCH&quot;|"method":"PATCH"/);

  const stores = await (await phone.get("/d/home/membership/stores")).text();
  assert.match(stores, /星巴克彭城店/);
  assert.match(stores, /已是本店会员/);

  assert.equal((await visitor.get("/d/other/membership")).status, 404, "the plugin is off in the other district");
});

Deno.test("console pages: members, one member with the audited reveal, levels, tags, and a store's members", async () => {
  await using bed = await membershipTestBed();
  const store = await bed.store("home", "星巴克");
  const admin = await bed.signIn("operator_admin");
  await admin.post(`${base}/levels`, { code: "basic", nameZh: "普卡", nameEn: "Basic", rank: 0, thresholdPoints: 0 });
  await admin.post(`${base}/tags`, {
    code: "lapsed",
    name: "流失会员",
    rule: { all: [{ kind: "lastVisitNotWithin", days: 90 }] },
  });
  const vip = (await (await admin.post(`${base}/tags`, { code: "vip", name: "贵宾" })).json()).id;
  const member = await bed.join("13800138000", { storeId: store });
  await admin.post(`${base}/members/${member.id}/tags`, { tagId: vip });

  const list = await (await admin.get("/console/plugins/membership/members")).text();
  assert.match(list, /138\*\*\*\*8000/);
  assert.doesNotMatch(list, /13800138000/);
  assert.ok(list.includes(`/console/plugins/membership/members/${member.id}`));
  const filtered = await (await admin.get("/console/plugins/membership/members?mobile=13900139000")).text();
  assert.match(filtered, /没有符合条件的会员/);
  const refused = await (await admin.get("/console/plugins/membership/members?mobile=123")).text();
  assert.match(refused, /role="alert"/);

  const detail = await (await admin.get(`/console/plugins/membership/members/${member.id}`)).text();
  assert.match(detail, /贵宾/);
  assert.match(detail, /星巴克/);
  assert.match(detail, /查看完整手机号/);
  assert.doesNotMatch(detail, /13800138000/);
  const revealed = await (await admin.get(
    `/console/plugins/membership/members/${member.id}?purpose=${encodeURIComponent("会员来电")}`,
  )).text();
  assert.match(revealed, /13800138000/);
  const audit = await bed.inDistrict((tx) =>
    tx.selectFrom("core.audit_log").select("details").where("action", "=", "pii.reveal").execute()
  );
  assert.deepEqual(audit.map((a) => a.details), [{ type: "phone", purpose: "会员来电" }]);
  const staff = await bed.signIn("operator_staff");
  const staffDetail = await (await staff.get(`/console/plugins/membership/members/${member.id}`)).text();
  assert.doesNotMatch(staffDetail, /查看完整手机号/, "staff cannot reveal, so they are not offered to");
  assert.equal(
    (await staff.get("/console/plugins/membership/members/00000000-0000-4000-8000-000000000000")).status,
    404,
  );

  const levels = await (await admin.get("/console/plugins/membership/levels")).text();
  assert.match(levels, /普卡/);
  assert.match(levels, /添加等级/);
  assert.doesNotMatch(await (await staff.get("/console/plugins/membership/levels")).text(), /添加等级/);
  const tags = await (await admin.get("/console/plugins/membership/tags")).text();
  assert.match(tags, /近 90 天未消费/);
  assert.match(tags, /手工标签/);

  const owner = await bed.signIn("store_owner", "home", store);
  assert.equal((await owner.get("/console/plugins/membership/members")).status, 403);
  const mine = await owner.get("/console/plugins/membership/store-members");
  assert.equal(mine.status, 200);
  const mineHtml = await mine.text();
  assert.ok(mineHtml.includes(member.memberNo));
  assert.match(mineHtml, /138\*\*\*\*8000/);
  const ownerHome = await (await owner.get("/console")).text();
  assert.ok(ownerHome.includes("/console/plugins/membership/store-members"), "the store's nav leads there");
  assert.ok(!ownerHome.includes('href="/console/plugins/membership/members"'));
  const operatorStore = await (await admin.get(`/console/plugins/membership/store-members?storeId=${store}`)).text();
  assert.ok(operatorStore.includes(member.memberNo));

  const otherAdmin = await bed.signIn("operator_admin", "other");
  assert.equal((await otherAdmin.get("/console/plugins/membership/members")).status, 404, "off in the other district");
});
