/** A member's deliveries and inbox in data-subject requests (export, erasure) and in the retention settings. */
import assert from "node:assert/strict";
import { base, membershipTestBed } from "../test-support.ts";
import { postToInbox } from "./inbox.ts";
import { createCampaign, createSegment, decide, sendAndWait } from "./test-helpers.ts";

const REQUESTS = "/api/v1/privacy/subject-requests";

Deno.test("privacy: export holds the member's deliveries and inbox; erasure removes them and only them", async () => {
  await using bed = await membershipTestBed();
  const member = await bed.join("13500000001");
  const neighbour = await bed.join("13500000002");
  await decide(member, true);
  await decide(neighbour, true);
  const operator = await bed.signIn("operator_admin");
  const segment = await createSegment(operator);
  const { id } = await createCampaign(operator, { channels: "inbox", segmentId: segment.id });
  await sendAndWait(bed, operator, id);
  await bed.inDistrict((tx) =>
    postToInbox(tx, bed.districts.home, {
      memberId: member.id,
      title: "积分即将到期",
      body: "200 积分将于月底到期",
      kind: "service",
      idempotencyKey: "points-expiring:1",
    })
  );

  const exported = await operator.post(REQUESTS, { kind: "export", subjectId: member.id });
  assert.equal(exported.status, 200, await exported.clone().text());
  const section = (await exported.json()).sections["membership.campaigns"];
  assert.deepEqual(
    section.deliveries.map((d: { title: string; channel: string; status: string }) => [d.title, d.channel, d.status]),
    [["周末美食节", "inbox", "sent"]],
  );
  assert.deepEqual(section.inbox.map((m: { title: string }) => m.title).sort(), ["周末美食节", "积分即将到期"]);

  const erased = await operator.post(REQUESTS, { kind: "erase", subjectId: member.id });
  assert.equal(erased.status, 200, await erased.clone().text());
  assert.deepEqual((await erased.json()).handlers["membership.campaigns"], { affected: 3 });
  const left = await bed.inDistrict(async (tx) => ({
    deliveries: await tx.selectFrom("plugin_membership.campaign_deliveries").select("member_id").execute(),
    inbox: await tx.selectFrom("plugin_membership.inbox_messages").select("member_id").execute(),
  }));
  assert.deepEqual(left.deliveries.map((d) => d.member_id), [neighbour.id]);
  assert.deepEqual(left.inbox.map((m) => m.member_id), [neighbour.id]);

  // A subject id that is not a member id (another kind of subject) holds nothing here and breaks nothing.
  const other = await operator.post(REQUESTS, { kind: "export", subjectId: "visitor-42" });
  assert.equal(other.status, 200);
  assert.deepEqual((await other.json()).sections["membership.campaigns"], { deliveries: [], inbox: [] });
});

Deno.test("privacy: deliveries and inbox messages have retention periods the district can set, not below 30 days", async () => {
  await using bed = await membershipTestBed();
  const admin = await bed.signIn("operator_admin");
  const { items } = await (await admin.get("/api/v1/privacy/retention")).json();
  const ours = items.filter((i: { dataClass: string }) =>
    i.dataClass.startsWith("membership_campaign") ||
    i.dataClass === "membership_inbox_messages"
  ).map((i: { dataClass: string; days: number; minimumDays: number }) => [i.dataClass, i.days, i.minimumDays]);
  assert.deepEqual(ours.sort(), [["membership_campaign_deliveries", 400, 30], ["membership_inbox_messages", 180, 30]]);
  const tooShort = await admin.request("PUT", "/api/v1/privacy/retention/membership_inbox_messages", { days: 7 });
  assert.equal(tooShort.status, 422);
  const set = await admin.request("PUT", "/api/v1/privacy/retention/membership_inbox_messages", { days: 90 });
  assert.equal(set.status, 200);
  assert.equal((await set.json()).days, 90);
  assert.equal((await admin.get(`${base}/campaigns`)).status, 200);
});
