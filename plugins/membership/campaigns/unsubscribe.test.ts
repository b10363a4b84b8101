/**
 * Unsubscribing and subscribing again: from the member's settings (signed in) and from the SMS link (a signed token,
 * no sign-in). Each decision is a row in the core's consent history; a token works only for its member and district.
 */
import assert from "node:assert/strict";
import { TestClient } from "../../../tests/support/http.ts";
import { base, membershipTestBed } from "../test-support.ts";
import { unsubscribeToken } from "./unsubscribe-token.ts";
import { createCampaign, createSegment, decide, sendAndWait } from "./test-helpers.ts";

Deno.test("unsubscribe: the member turns offers off and on again; the history records each decision", async () => {
  await using bed = await membershipTestBed();
  const member = await bed.join("13600000001");
  const me = `${base}/public/home/me`;
  const initial = await (await member.client.get(`${me}/marketing`)).json();
  assert.deepEqual(initial, { subscribed: false, decidedAt: null, frequencyCap: 3 });
  assert.equal((await (await member.client.post(`${me}/subscribe`)).json()).subscribed, true);
  assert.equal((await (await member.client.post(`${me}/unsubscribe`)).json()).subscribed, false);
  assert.equal((await (await member.client.post(`${me}/unsubscribe`)).json()).subscribed, false);
  assert.equal((await (await member.client.post(`${me}/subscribe`)).json()).subscribed, true);
  const history = await bed.inDistrict((tx) =>
    tx.selectFrom("core.consent_events").select(["decision", "channel", "source", "recorded_by", "purpose"])
      .where("subject_id", "=", member.id).orderBy("decided_at").orderBy("id").execute()
  );
  assert.deepEqual(history.map((h) => h.decision), ["granted", "withdrawn", "granted"], "a repeat adds nothing");
  assert.ok(history.every((h) => h.channel === "h5" && h.purpose === "marketing" && h.recorded_by === "subject"));
  assert.ok(history.every((h) => h.source === "plugin:membership"));
  assert.equal((await new TestClient(bed.app.app).post(`${me}/unsubscribe`)).status, 401);
});

Deno.test("unsubscribe: after turning offers off in the settings, the next campaign skips the member", async () => {
  await using bed = await membershipTestBed();
  const leaves = await bed.join("13600000002");
  const stays = await bed.join("13600000003");
  await decide(leaves, true);
  await decide(stays, true);
  const operator = await bed.signIn("operator_admin");
  const segment = await createSegment(operator);
  const first = await sendAndWait(
    bed,
    operator,
    (await createCampaign(operator, { channels: "inbox", segmentId: segment.id })).id,
  );
  assert.equal(first.results.members.sent, 2);
  await decide(leaves, false);
  const second = await createCampaign(operator, { title: "第二期活动", channels: "inbox", segmentId: segment.id });
  const next = await sendAndWait(bed, operator, second.id);
  assert.equal(next.results.members.sent, 1);
  assert.equal(next.results.members["skipped-no-consent"], 1);
  const skipped = (await (await operator.get(`${base}/campaigns/${second.id}/deliveries?status=skipped-no-consent`))
    .json()).items;
  assert.deepEqual(skipped.map((d: { memberId: string }) => d.memberId), [leaves.id]);
  const titles = (await (await leaves.client.get(`${base}/public/home/me/inbox`)).json()).items
    .map((m: { title: string }) => m.title);
  assert.deepEqual(titles, ["周末美食节"]);
});

Deno.test("unsubscribe link: works without signing in, only for its member and its district", async () => {
  await using bed = await membershipTestBed();
  await bed.app.plugins!.enable({ tenantId: bed.districts.other, pluginId: "membership", actor: "system:test" });
  const member = await bed.join("13600000004");
  const neighbour = await bed.join("13600000005");
  await decide(member, true);
  await decide(neighbour, true);
  const token = await bed.inDistrict(async (tx) =>
    unsubscribeToken(await bed.app.keys.fieldCipher(tx as never), member.id)
  );
  const anonymous = new TestClient(bed.app.app);
  const link = (district: string, value: string) =>
    `${base}/public/${district}/unsubscribe?token=${encodeURIComponent(value)}`;
  assert.equal((await (await anonymous.get(link("home", token))).json()).subscribed, true);
  const forged = token.replace(/^[0-9a-f-]{36}/, neighbour.id);
  assert.equal((await anonymous.post(link("home", forged))).status, 404, "the MAC is the member's own");
  const tampered = token.slice(0, -1) + (token.endsWith("a") ? "b" : "a");
  assert.equal((await anonymous.post(link("home", tampered))).status, 404);
  assert.equal((await anonymous.post(link("home", "nonsense"))).status, 404);
  assert.equal((await anonymous.post(link("other", token))).status, 404, "another district's keys refuse it");
  const missing = await anonymous.post(`${base}/public/home/unsubscribe`);
  assert.equal(missing.status, 422);
  assert.equal((await missing.json()).errors[0].field, "query.token");

  const done = await anonymous.post(link("home", token));
  assert.equal(done.status, 200);
  assert.equal((await done.json()).subscribed, false);
  const last = await bed.inDistrict((tx) =>
    tx.selectFrom("core.consent_events").select(["decision", "channel"]).where("subject_id", "=", member.id)
      .orderBy("decided_at", "desc").orderBy("id", "desc").executeTakeFirstOrThrow()
  );
  assert.deepEqual(last, { decision: "withdrawn", channel: "sms-link" });
  assert.equal(
    (await (await neighbour.client.get(`${base}/public/home/me/marketing`)).json()).subscribed,
    true,
    "the neighbour is untouched",
  );
  // Subscribing again is the member's own act, signed in.
  assert.equal((await (await member.client.post(`${base}/public/home/me/subscribe`)).json()).subscribed, true);
});
