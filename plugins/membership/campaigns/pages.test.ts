/** The campaigns area's pages: the operator's segments and campaigns, and the member's inbox, settings, unsubscribe. */
import assert from "node:assert/strict";
import { TestClient } from "../../../tests/support/http.ts";
import { base, membershipTestBed } from "../test-support.ts";
import { postToInbox } from "./inbox.ts";
import { unsubscribeToken } from "./unsubscribe-token.ts";
import { createCampaign, createSegment, decide, memberCookie, sendAndWait, tag, tagMember } from "./test-helpers.ts";

const html = async (res: Response) => {
  assert.equal(res.headers.get("content-type")?.split(";")[0], "text/html");
  return await res.text();
};

Deno.test("pages: the operator's segments, campaigns and a campaign's results; stores may not open them", async () => {
  await using bed = await membershipTestBed();
  const store = await bed.store("home", "星巴克彭城店");
  const reached = await bed.join("13300000001", { storeId: store });
  const skipped = await bed.join("13300000002", { storeId: store });
  await decide(reached, true);
  const vip = await tag(bed, "vip");
  await tagMember(bed, reached.id, vip);
  await tagMember(bed, skipped.id, vip);
  const admin = await bed.signIn("operator_admin");
  const segment = await createSegment(admin, { name: "VIP 会员", anyTags: "vip", storeId: store });
  await createSegment(admin, { name: "全部会员" });
  const { id } = await createCampaign(admin, { title: "周年庆", channels: "inbox", segmentId: segment.id });
  await createCampaign(admin, { title: "未发送的草稿", channels: "inbox", segmentId: segment.id });
  await sendAndWait(bed, admin, id);

  const segments = await html(await admin.get("/console/plugins/membership/segments"));
  assert.match(segments, /VIP 会员/);
  assert.match(segments, /任一：vip/);
  assert.match(segments, /门店会员：星巴克彭城店/);
  assert.match(segments, /segment-create/, "admins get the form to save a segment");
  const estimate = await html(await admin.get("/console/plugins/membership/segments?anyTags=vip&minLevelRank="));
  assert.match(estimate, /符合条件的会员 2 人，其中同意接收营销信息的 1 人。/);
  const wrong = await html(await admin.get("/console/plugins/membership/segments?anyTags=ghost"));
  assert.match(wrong, /query\.anyTags: no such tag: ghost/);

  const campaigns = await html(await admin.get("/console/plugins/membership/campaigns"));
  assert.match(campaigns, /周年庆/);
  assert.match(campaigns, /每周推送/);
  assert.match(campaigns, /campaign-compose/);
  assert.match(campaigns, /send-[0-9a-f-]{36}/, "the draft can be sent from the page");
  assert.match(campaigns, /每位会员 7 天内最多收到 3 条营销消息/);

  const results = await html(await admin.get(`/console/plugins/membership/campaigns/${id}`));
  assert.match(results, /已发送<\/dt><dd>1<\/dd><dt>未授权，跳过<\/dt><dd>1<\/dd>/);
  assert.match(results, /133\*\*\*\*0001/, "mobile numbers masked");
  assert.doesNotMatch(results, /13300000001/);
  const onlySkipped = await html(
    await admin.get(`/console/plugins/membership/campaigns/${id}?status=skipped-no-consent`),
  );
  assert.match(onlySkipped, /133\*\*\*\*0002/);
  assert.doesNotMatch(onlySkipped, /133\*\*\*\*0001/);

  const english = await admin.request("GET", "/console/plugins/membership/campaigns", undefined, {
    "accept-language": "en-US",
  });
  assert.match(await english.text(), /Targeted push/);

  const staff = await bed.signIn("operator_staff");
  const staffView = await html(await staff.get("/console/plugins/membership/campaigns"));
  assert.doesNotMatch(staffView, /campaign-compose/, "staff see campaigns but cannot compose");
  const owner = await bed.signIn("store_owner", "home", store);
  assert.equal((await owner.get("/console/plugins/membership/campaigns")).status, 403);
  assert.equal((await owner.get("/console/plugins/membership/segments")).status, 403);
  assert.equal((await owner.get(`/console/plugins/membership/campaigns/${id}`)).status, 403);
  const other = await bed.signIn("operator_admin", "other");
  assert.equal((await other.get("/console/plugins/membership/campaigns")).status, 404, "off in the other district");
});

Deno.test("pages: the member's inbox and settings on the phone, and the SMS unsubscribe page", async () => {
  await using bed = await membershipTestBed();
  const member = await bed.join("13300000003");
  for (const [n, kind] of [[1, "service"], [2, "service"]] as const) {
    await bed.inDistrict((tx) =>
      postToInbox(tx, bed.districts.home, {
        memberId: member.id,
        title: `积分通知 ${n}`,
        body: `你有 ${n}00 积分将于月底到期`,
        kind,
        idempotencyKey: `points:${n}`,
      })
    );
  }
  const browser = await memberCookie(bed, member.id);
  const inbox = await html(await browser.get("/d/home/membership/inbox"));
  assert.match(inbox, /积分通知 2/);
  assert.match(inbox, /2 条未读/);
  assert.match(inbox, /inbox-read-all/);
  const firstId = (await (await member.client.get(`${base}/public/home/me/inbox`)).json()).items[0].id;
  await member.client.post(`${base}/public/home/me/inbox/${firstId}/read`);
  assert.match(await html(await browser.get("/d/home/membership/inbox")), /1 条未读/);

  const settingsOff = await html(await browser.get("/d/home/membership/settings"));
  assert.match(settingsOff, /已关闭/);
  assert.match(settingsOff, /me\/subscribe/);
  await decide(member, true);
  const settingsOn = await html(await browser.get("/d/home/membership/settings"));
  assert.match(settingsOn, /已开启/);
  assert.match(settingsOn, /me\/unsubscribe/);

  const stranger = new TestClient(bed.app.app);
  const signIn = await html(await stranger.get("/d/home/membership/inbox"));
  assert.match(signIn, /请先登录/);
  assert.doesNotMatch(signIn, /积分通知/);

  const token = await bed.inDistrict(async (tx) =>
    unsubscribeToken(await bed.app.keys.fieldCipher(tx as never), member.id)
  );
  const page = await html(await stranger.get(`/d/home/membership/unsubscribe?token=${token}`));
  assert.match(page, /确认退订/);
  await stranger.post(`${base}/public/home/unsubscribe?token=${token}`);
  assert.match(await html(await stranger.get(`/d/home/membership/unsubscribe?token=${token}`)), /你已退订/);
  const invalid = await stranger.get("/d/home/membership/unsubscribe?token=forged.abc");
  assert.equal(invalid.status, 404);
  assert.match(await invalid.text(), /链接无效/);
  assert.equal((await stranger.get(`/d/other/membership/unsubscribe?token=${token}`)).status, 404);
});

Deno.test("openapi: every campaigns route is in the API document", async () => {
  await using bed = await membershipTestBed();
  const doc = await (await bed.app.app.request("/api/openapi.json")).json();
  const paths = Object.keys(doc.paths);
  for (
    const path of [
      "/segments",
      "/segments/preview",
      "/segments/{id}",
      "/campaigns",
      "/campaigns/{id}",
      "/campaigns/{id}/send",
      "/campaigns/{id}/cancel",
      "/campaigns/{id}/deliveries",
      "/campaigns/weekly-report",
      "/members/{id}/campaign-deliveries",
      "/public/{district}/me/inbox",
      "/public/{district}/me/inbox/{id}/read",
      "/public/{district}/me/inbox/read-all",
      "/public/{district}/me/marketing",
      "/public/{district}/me/subscribe",
      "/public/{district}/me/unsubscribe",
      "/public/{district}/unsubscribe",
    ]
  ) {
    assert.ok(paths.includes(`${base}${path}`), `${path} is documented`);
  }
  assert.equal(doc.paths[`${base}/campaigns/{id}/send`].post["x-permission"], "membership:campaigns-manage");
  assert.equal(doc.paths[`${base}/public/{district}/unsubscribe`].post["x-permission"], "public");
});
