/**
 * Sending campaigns: only members whose latest marketing decision is a grant receive anything, through each channel
 * (inbox, SMS and WeChat against real HTTP servers); every member of the segment gets a delivery record; the job
 * can run again or resume without sending twice; the frequency cap; scheduled sending.
 */
import assert from "node:assert/strict";
import { base, membershipTestBed } from "../test-support.ts";
import { beginSending } from "./audience-snapshot.ts";
import {
  createCampaign,
  createSegment,
  decide,
  gateway,
  jobsIdle,
  runJob,
  sendAndWait,
  tag,
  tagMember,
} from "./test-helpers.ts";

const SECRET = "wx-signing-secret";

async function hmacHex(secret: string, text: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(text));
  return Array.from(new Uint8Array(mac), (b) => b.toString(16).padStart(2, "0")).join("");
}

function gatewaysConfig(sms: { url: string }, wechat: { url: string }, extra: Record<string, unknown> = {}) {
  return {
    membersSmsGatewayUrl: sms.url,
    campaignsWechatUrl: wechat.url,
    campaignsWechatSecret: SECRET,
    campaignsWechatTemplateId: "TPL-OFFER",
    campaignsChunkSize: 2,
    ...extra,
  };
}

Deno.test("campaigns: only consenting members receive it, on every channel; everyone in the segment gets a record", async () => {
  await using sms = gateway();
  // The WeChat gateway knows no WeChat user for one card.
  let unboundCard = "";
  await using wechat = gateway((body) =>
    body.memberNo === unboundCard ? new Response("card not bound to WeChat", { status: 404 }) : undefined
  );
  await using bed = await membershipTestBed({ config: gatewaysConfig(sms, wechat) });
  const granted = await bed.join("13900000001");
  const never = await bed.join("13900000002");
  const withdrawn = await bed.join("13900000003");
  const regranted = await bed.join("13900000004");
  const otherDistrict = await bed.join("13900000005", { district: "other" });
  await decide(granted, true);
  await decide(withdrawn, true);
  await decide(withdrawn, false);
  await decide(regranted, false);
  await decide(regranted, true);
  unboundCard = regranted.memberNo;

  const operator = await bed.signIn("operator_admin");
  const segment = await createSegment(operator);
  const { id } = await createCampaign(operator, { channels: "inbox,sms,wechat", segmentId: segment.id });
  const campaign = await sendAndWait(bed, operator, id);

  assert.equal(campaign.audienceSize, 4, "the other district's member is not in the audience");
  assert.deepEqual(campaign.results.members, {
    "sent": 2,
    "skipped-no-consent": 2,
    "skipped-capped": 0,
    "failed": 0,
    "pending": 0,
  });
  assert.deepEqual(campaign.results.byChannel.wechat, {
    "sent": 1,
    "skipped-no-consent": 2,
    "skipped-capped": 0,
    "failed": 1,
    "pending": 0,
  });
  assert.deepEqual(sms.received.map((r) => r.body.mobile).sort(), ["13900000001", "13900000004"]);
  for (const { body } of sms.received) {
    assert.equal(body.template, "membership-campaign");
    const params = body.params as Record<string, string>;
    assert.equal(params.title, "周末美食节");
    assert.equal(params.body, "满 100 减 20");
    assert.match(params.link, /^http:\/\/localhost\/d\/home\/membership\/unsubscribe\?token=[0-9a-f-]{36}\.[a-z2-7]+$/);
  }
  assert.deepEqual(wechat.received.map((r) => r.body.memberNo).sort(), [granted.memberNo, regranted.memberNo].sort());
  for (const { headers, raw, body } of wechat.received) {
    const signed = `sha256=${await hmacHex(SECRET, `${headers.get("x-signature-timestamp")}.${raw}`)}`;
    assert.equal(headers.get("x-signature"), signed, "the gateway can check the request is the district's");
    assert.equal(body.templateId, "TPL-OFFER");
    assert.equal(body.url, "http://localhost/d/home/membership/inbox");
    assert.match(headers.get("idempotency-key") ?? "", new RegExp(`^${id}:[0-9a-f-]{36}:wechat$`));
  }

  const rows = async (query: string) =>
    (await (await operator.get(`${base}/campaigns/${id}/deliveries?${query}`)).json()).items as {
      memberId: string;
      channel: string;
      status: string;
      reason: string | null;
      mobile: string;
    }[];
  const skipped = await rows("status=skipped-no-consent&pageSize=100");
  assert.equal(skipped.length, 6, "two members × three channels");
  assert.deepEqual([...new Set(skipped.map((r) => r.memberId))].sort(), [never.id, withdrawn.id].sort());
  assert.ok(skipped.every((r) => r.mobile.includes("****")), "mobile numbers are masked");
  assert.ok(!JSON.stringify(skipped).includes("13900000002"));
  const failed = await rows("status=failed");
  assert.deepEqual(failed.map((r) => [r.memberId, r.channel]), [[regranted.id, "wechat"]]);
  assert.match(failed[0].reason!, /404: card not bound to WeChat/);

  const perMember = await (await operator.get(`${base}/members/${never.id}/campaign-deliveries`)).json();
  assert.deepEqual(
    perMember.items.map((d: { campaignTitle: string; channel: string; status: string }) => [d.channel, d.status])
      .sort(),
    [["inbox", "skipped-no-consent"], ["sms", "skipped-no-consent"], ["wechat", "skipped-no-consent"]],
  );
  const inbox = async (member: typeof granted) =>
    (await (await member.client.get(`${base}/public/home/me/inbox`)).json()).items;
  assert.deepEqual((await inbox(granted)).map((m: { kind: string; title: string }) => [m.kind, m.title]), [[
    "marketing",
    "周末美食节",
  ]]);
  assert.deepEqual(await inbox(never), []);
  assert.deepEqual(await inbox(withdrawn), []);
  assert.deepEqual(
    (await (await otherDistrict.client.get(`${base}/public/other/me/inbox`)).json()).items ?? [],
    [],
    "nothing reached the other district's member",
  );

  // Running the job again (a retry, a duplicate enqueue) sends nothing more.
  await runJob(bed, "campaign-send", { campaignId: id });
  assert.equal(sms.received.length, 2);
  assert.equal(wechat.received.length, 2);
  assert.equal((await inbox(granted)).length, 1);
  const again = await (await operator.get(`${base}/campaigns/${id}`)).json();
  assert.deepEqual(again.results, campaign.results);
  assert.equal((await operator.post(`${base}/campaigns/${id}/send`, {})).status, 409, "sent once");
});

Deno.test("campaigns: after unsubscribing from the SMS link the next campaign skips the member", async () => {
  await using sms = gateway();
  await using wechat = gateway();
  await using bed = await membershipTestBed({ config: gatewaysConfig(sms, wechat) });
  const member = await bed.join("13900000011");
  const stays = await bed.join("13900000012");
  await decide(member, true);
  await decide(stays, true);
  const operator = await bed.signIn("operator_admin");
  const segment = await createSegment(operator);
  await sendAndWait(bed, operator, (await createCampaign(operator, { channels: "sms", segmentId: segment.id })).id);
  const sent = sms.received.find((r) => r.body.mobile === "13900000011")!;
  const link = new URL((sent.body.params as Record<string, string>).link);
  const token = link.searchParams.get("token")!;
  const consumer = bed.app.app;
  const before = await consumer.request(`${base}/public/home/unsubscribe?token=${token}`);
  assert.equal((await before.json()).subscribed, true);
  const done = await consumer.request(`${base}/public/home/unsubscribe?token=${token}`, { method: "POST" });
  assert.equal(done.status, 200);
  assert.equal((await done.json()).subscribed, false);

  const second = await createCampaign(operator, { title: "第二期", channels: "inbox,sms", segmentId: segment.id });
  const results = (await sendAndWait(bed, operator, second.id)).results;
  assert.equal(results.members.sent, 1);
  assert.equal(results.members["skipped-no-consent"], 1);
  assert.equal(sms.received.filter((r) => r.body.mobile === "13900000011").length, 1, "one SMS, before unsubscribing");
  assert.equal(sms.received.filter((r) => r.body.mobile === "13900000012").length, 2);
});

Deno.test("campaigns: a resumed job sends only what is pending, and a claim left by a dead worker is not resent", async () => {
  await using sms = gateway();
  await using wechat = gateway();
  await using bed = await membershipTestBed({ config: gatewaysConfig(sms, wechat) });
  const [a, b, c] = [
    await bed.join("13900000021"),
    await bed.join("13900000022"),
    await bed.join("13900000023"),
  ];
  for (const m of [a, b, c]) await decide(m, true);
  const operator = await bed.signIn("operator_admin");
  const segment = await createSegment(operator);
  const { id } = await createCampaign(operator, { channels: "sms", segmentId: segment.id });
  // The state a worker leaves when it dies mid-campaign: a sent, b claimed 20 minutes ago with no result, c pending.
  await bed.inDistrict(async (tx) => {
    await tx.updateTable("plugin_membership.campaigns").set({ status: "sending", scheduled_at: new Date() })
      .where("id", "=", id).execute();
    await beginSending(tx, bed.districts.home, id);
    await tx.updateTable("plugin_membership.campaign_deliveries")
      .set({ status: "sent", provider_id: "earlier", decided_at: new Date() }).where("member_id", "=", a.id).execute();
    await tx.updateTable("plugin_membership.campaign_deliveries")
      .set({ status: "sending", claimed_at: new Date(Date.now() - 20 * 60_000) }).where("member_id", "=", b.id)
      .execute();
    await tx.updateTable("plugin_membership.campaigns")
      .set({ heartbeat_at: new Date(Date.now() - 20 * 60_000) }).where("id", "=", id).execute();
  });
  // The every-minute dispatcher notices the stalled campaign and resumes it.
  await runJob(bed, "campaign-dispatch", {});
  await jobsIdle(bed);
  assert.deepEqual(sms.received.map((r) => r.body.mobile), ["13900000023"]);
  const campaign = await (await operator.get(`${base}/campaigns/${id}`)).json();
  assert.equal(campaign.status, "sent");
  assert.deepEqual(campaign.results.byChannel.sms, {
    "sent": 2,
    "skipped-no-consent": 0,
    "skipped-capped": 0,
    "failed": 1,
    "pending": 0,
  });
  const failed = (await (await operator.get(`${base}/campaigns/${id}/deliveries?status=failed`)).json()).items;
  assert.deepEqual(failed.map((d: { memberId: string }) => d.memberId), [b.id]);
  assert.match(failed[0].reason, /outcome is unknown, so it is not sent again/);
  await runJob(bed, "campaign-send", { campaignId: id });
  await runJob(bed, "campaign-dispatch", {});
  assert.equal(sms.received.length, 1, "nothing is sent twice");
});

Deno.test("campaigns: the frequency cap counts a campaign once per member, across channels", async () => {
  await using sms = gateway();
  await using wechat = gateway();
  await using bed = await membershipTestBed({ config: gatewaysConfig(sms, wechat, { campaignsFrequencyCap: 2 }) });
  const member = await bed.join("13900000031");
  await decide(member, true);
  const operator = await bed.signIn("operator_admin");
  const segment = await createSegment(operator);
  const outcomes: string[] = [];
  for (const [title, channels] of [["一", "inbox,sms"], ["二", "inbox"], ["三", "inbox,sms"]]) {
    const campaign = await createCampaign(operator, { title: `第${title}期`, channels, segmentId: segment.id });
    const { results } = await sendAndWait(bed, operator, campaign.id);
    outcomes.push(Object.entries(results.members).find(([, n]) => n === 1)![0]);
  }
  assert.deepEqual(outcomes, ["sent", "sent", "skipped-capped"]);
  assert.equal(sms.received.length, 1);
  const inbox = (await (await member.client.get(`${base}/public/home/me/inbox`)).json()).items;
  assert.deepEqual(inbox.map((m: { title: string }) => m.title), ["第二期", "第一期"]);
});

Deno.test("campaigns: a scheduled campaign starts when due; drafts change, sent ones do not; WeChat must be set up", async () => {
  await using sms = gateway();
  await using bed = await membershipTestBed({ config: { membersSmsGatewayUrl: sms.url } });
  const member = await bed.join("13900000041");
  await decide(member, true);
  const operator = await bed.signIn("operator_admin");
  const vip = await tag(bed, "vip");
  await tagMember(bed, member.id, vip);
  const segment = await createSegment(operator, { name: "VIP", anyTags: "vip" });

  const wechat = await operator.post(`${base}/campaigns`, {
    title: "微信推送",
    body: "内容",
    channels: ["inbox", "wechat"],
    segmentId: segment.id,
  });
  assert.equal(wechat.status, 422);
  assert.equal((await wechat.json()).errors[0].field, "channels");
  const bad = await operator.post(`${base}/campaigns`, { title: "x", body: "", channels: "fax", segmentId: "nope" });
  assert.equal(bad.status, 422);
  assert.deepEqual(
    (await bad.json()).errors.map((e: { field: string }) => e.field).sort(),
    ["body", "channels", "segmentId", "title"],
  );

  const { id } = await createCampaign(operator, { channels: "inbox", segmentId: segment.id });
  const edited = await operator.patch(`${base}/campaigns/${id}`, { title: "周末美食节（改）" });
  assert.equal((await edited.json()).title, "周末美食节（改）");
  const at = new Date(Date.now() + 1500).toISOString();
  const scheduled = await operator.post(`${base}/campaigns/${id}/send`, { at });
  assert.equal(scheduled.status, 200);
  assert.equal((await scheduled.json()).status, "scheduled");
  await runJob(bed, "campaign-dispatch", {});
  assert.equal((await (await operator.get(`${base}/campaigns/${id}`)).json()).status, "scheduled", "not due yet");
  await new Promise((resolve) => setTimeout(resolve, 1600));
  await runJob(bed, "campaign-dispatch", {});
  await jobsIdle(bed);
  const sent = await (await operator.get(`${base}/campaigns/${id}`)).json();
  assert.equal(sent.status, "sent");
  assert.equal(sent.results.members.sent, 1);
  assert.equal((await operator.patch(`${base}/campaigns/${id}`, { title: "再改" })).status, 409);
  assert.equal((await operator.post(`${base}/campaigns/${id}/cancel`)).status, 409);

  const later = await createCampaign(operator, { channels: "inbox", segmentId: segment.id });
  await operator.post(`${base}/campaigns/${later.id}/send`, { at: new Date(Date.now() + 3_600_000).toISOString() });
  const cancelled = await operator.post(`${base}/campaigns/${later.id}/cancel`);
  assert.equal((await cancelled.json()).status, "cancelled");
  const audit = await bed.inDistrict((tx) =>
    tx.selectFrom("core.audit_log").select("action").where("action", "like", "membership.campaign-%")
      .orderBy("seq").execute()
  );
  assert.deepEqual(audit.map((a) => a.action), [
    "membership.campaign-create",
    "membership.campaign-update",
    "membership.campaign-schedule",
    "membership.campaign-create",
    "membership.campaign-schedule",
    "membership.campaign-cancel",
  ]);
});

Deno.test("campaigns: staff read, stores and other districts cannot see or send them", async () => {
  await using bed = await membershipTestBed();
  const member = await bed.join("13900000051");
  await decide(member, true);
  const operator = await bed.signIn("operator_admin");
  const segment = await createSegment(operator);
  const { id } = await createCampaign(operator, { channels: "inbox", segmentId: segment.id });
  const staff = await bed.signIn("operator_staff");
  assert.equal((await staff.get(`${base}/campaigns/${id}`)).status, 200);
  assert.equal((await staff.post(`${base}/campaigns/${id}/send`, {})).status, 403);
  const store = await bed.store();
  const owner = await bed.signIn("store_owner", "home", store);
  for (const path of [`/campaigns`, `/campaigns/${id}`, `/campaigns/${id}/deliveries`, `/campaigns/weekly-report`]) {
    assert.equal((await owner.get(`${base}${path}`)).status, 403, path);
  }
  assert.equal((await owner.post(`${base}/campaigns/${id}/send`, {})).status, 403);
  await bed.app.plugins!.enable({ tenantId: bed.districts.other, pluginId: "membership", actor: "system:test" });
  const other = await bed.signIn("operator_admin", "other");
  assert.deepEqual((await (await other.get(`${base}/campaigns`)).json()).items, []);
  assert.equal((await other.get(`${base}/campaigns/${id}`)).status, 404);
  assert.equal((await other.get(`${base}/campaigns/${id}/deliveries`)).status, 404);
  assert.equal((await other.post(`${base}/campaigns/${id}/send`, {})).status, 404);
  assert.equal((await other.post(`${base}/campaigns/${id}/cancel`)).status, 404);
  assert.equal((await other.patch(`${base}/campaigns/${id}`, { title: "改掉" })).status, 404);
  assert.equal(
    (await other.post(`${base}/campaigns`, { title: "借用", body: "x", channels: "inbox", segmentId: segment.id }))
      .status,
    422,
    "A's segment is unknown here",
  );
  assert.equal((await other.get(`${base}/members/${member.id}/campaign-deliveries`)).status, 404);
  assert.deepEqual(await (await other.get(`${base}/segments/preview`)).json(), { members: 0, withConsent: 0 });
  assert.equal((await owner.get(`${base}/members/${member.id}/campaign-deliveries`)).status, 403);
  assert.equal((await (await operator.get(`${base}/campaigns/${id}`)).json()).status, "draft");
  assert.equal((await operator.get(`${base}/members/${member.id}/campaign-deliveries`)).status, 200);
});

Deno.test("campaigns: sent at the same moment, two campaigns and duplicate jobs never exceed the cap nor repeat", async () => {
  await using sms = gateway();
  await using wechat = gateway();
  await using bed = await membershipTestBed({
    config: gatewaysConfig(sms, wechat, { campaignsFrequencyCap: 1, campaignsChunkSize: 3 }),
  });
  const members = [];
  for (let i = 0; i < 8; i++) members.push(await bed.join(`1390000010${i}`));
  for (const member of members) await decide(member, true);
  const operator = await bed.signIn("operator_admin");
  const segment = await createSegment(operator);
  const first = await createCampaign(operator, { title: "甲午特惠", channels: "inbox,sms", segmentId: segment.id });
  const second = await createCampaign(operator, { title: "乙未特惠", channels: "inbox,sms", segmentId: segment.id });
  const sends = await Promise.all([first, second].map((c) => operator.post(`${base}/campaigns/${c.id}/send`, {})));
  assert.deepEqual(sends.map((res) => res.status), [200, 200]);
  // More runs of the same jobs at once: a retry racing the first attempt.
  await Promise.all([first, second].flatMap((c) => [
    runJob(bed, "campaign-send", { campaignId: c.id }),
    runJob(bed, "campaign-send", { campaignId: c.id }),
  ]));
  await jobsIdle(bed);
  const results = await Promise.all(
    [first, second].map(async (c) => (await (await operator.get(`${base}/campaigns/${c.id}`)).json())),
  );
  assert.deepEqual(results.map((c) => c.status), ["sent", "sent"]);
  assert.equal(results[0].results.members.sent + results[1].results.members.sent, 8, "each member got one");
  assert.equal(
    results[0].results.members["skipped-capped"] + results[1].results.members["skipped-capped"],
    8,
    "and was capped for the other",
  );
  const mobiles = sms.received.map((r) => r.body.mobile as string).sort();
  assert.deepEqual(mobiles, members.map((_, i) => `1390000010${i}`), "one SMS per member, none twice");
  const inboxes = await bed.inDistrict((tx) =>
    tx.selectFrom("plugin_membership.inbox_messages").select(["member_id"]).execute()
  );
  assert.equal(inboxes.length, 8);
  assert.equal(new Set(inboxes.map((m) => m.member_id)).size, 8);
});
