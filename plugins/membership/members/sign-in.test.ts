/** Joining and signing in by SMS code: codes, limits, sessions, cookies, consent, and districts kept apart. */
import assert from "node:assert/strict";
import { TestClient } from "../../../tests/support/http.ts";
import { testDatabaseKind } from "../../../tests/support/test-db.ts";
import { base, type MembershipTestBed, membershipTestBed } from "../test-support.ts";
import { startTestGateway, type TestGateway } from "./test-gateway.ts";

const codes = `${base}/public/home/members/codes`;
const sessions = `${base}/public/home/members/sessions`;

async function bedWithGateway(gateway: TestGateway, extra: Record<string, unknown> = {}) {
  return await membershipTestBed({
    config: { membersSmsGatewayUrl: gateway.url, membersSmsGatewayToken: "gw-secret", ...extra },
  });
}

async function signIn(
  bed: MembershipTestBed,
  gateway: TestGateway,
  mobile: string,
  extra: Record<string, unknown> = {},
) {
  const consumer = new TestClient(bed.app.app);
  const sent = await consumer.post(codes, { mobile });
  assert.equal(sent.status, 202, await sent.clone().text());
  return await consumer.post(sessions, {
    mobile,
    code: gateway.codeFor(mobile.replace(/\D/g, "").slice(-11)),
    ...extra,
  });
}

Deno.test("membership sign-in: a code by SMS joins the person, once, with the cookie and the token", async () => {
  await using gateway = startTestGateway();
  await using bed = await bedWithGateway(gateway, { membersSmsSignature: "【本商圈】" });
  const consumer = new TestClient(bed.app.app);
  const sent = await consumer.post(codes, { mobile: "+86 139-0013-9000" });
  assert.equal(sent.status, 202, await sent.clone().text());
  const answer = await sent.json();
  assert.equal(answer.resendAfterSeconds, 60);
  assert.ok(Math.abs(Date.parse(answer.expiresAt) - Date.now() - 5 * 60_000) < 5_000, "valid five minutes");
  assert.equal(gateway.received.length, 1);
  const message = gateway.received[0];
  assert.deepEqual(
    { ...message, params: { ...message.params, code: "······" } },
    {
      mobile: "13900139000",
      template: "member-code",
      params: { code: "······", minutes: "5" },
      signature: "【本商圈】",
      authorization: "Bearer gw-secret",
    },
  );
  assert.match(message.params.code, /^[0-9]{6}$/);
  const stored = await bed.inDistrict((tx) => tx.selectFrom("plugin_membership.member_codes").selectAll().execute());
  assert.equal(stored.length, 1);
  assert.equal(stored[0].sms_id, "sms-1");
  assert.ok(!JSON.stringify(stored).includes(message.params.code), "the code is stored only as a keyed hash");
  assert.ok(!JSON.stringify(stored).includes("13900139000"), "and the number only as its blind index");

  const wrongCode = message.params.code === "000000" ? "111111" : "000000";
  const wrong = await consumer.post(sessions, { mobile: "13900139000", code: wrongCode });
  assert.equal(wrong.status, 422);
  assert.deepEqual((await wrong.json()).errors.map((e: { field: string }) => e.field), ["code"]);

  const signedIn = await consumer.post(sessions, {
    mobile: "13900139000",
    code: message.params.code,
    marketingConsent: true,
  });
  assert.equal(signedIn.status, 201, await signedIn.clone().text());
  const session = await signedIn.json();
  assert.match(session.token, /^mbr_/);
  assert.equal(session.joined, true);
  assert.match(session.memberNo, /^[0-9]{12}$/);
  const cookie = signedIn.headers.get("set-cookie")!;
  assert.match(cookie, /^member_home=mbr_[^;]+;/);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  assert.match(cookie, /Path=\//);
  assert.doesNotMatch(cookie, /Secure/, "plain http in the test: no Secure flag");

  // The app's token and the page's cookie both reach the member's own routes.
  const app = new TestClient(bed.app.app, session.token);
  const me = await (await app.get(`${base}/public/home/me`)).json();
  assert.equal(me.memberNo, session.memberNo);
  assert.equal(me.mobile, "139****9000");
  assert.equal(me.marketingConsent, true);
  const byCookie = await consumer.request("GET", `${base}/public/home/me`, undefined, {
    cookie: cookie.split(";")[0],
  });
  assert.equal(byCookie.status, 200);

  const consent = await bed.inDistrict((tx) =>
    tx.selectFrom("core.consent_events").select(["subject_id", "purpose", "decision", "channel", "policy_version"])
      .execute()
  );
  assert.deepEqual(consent, [{
    subject_id: await memberIdOf(bed, session.memberNo),
    purpose: "marketing",
    decision: "granted",
    channel: "h5",
    policy_version: "2026-01",
  }]);
  const joined = await bed.inDistrict((tx) =>
    tx.selectFrom("core.event_outbox").select("payload").where("type", "=", "membership.member-joined").execute()
  );
  assert.equal(joined.length, 1);

  // The code is spent; the same number signs in again with a new one, as the same member, without joining again.
  const reused = await consumer.post(sessions, { mobile: "13900139000", code: message.params.code });
  assert.equal(reused.status, 422);
  assert.match((await reused.json()).errors[0].message, /expired or was already used/);
  await bed.inDistrict((tx) =>
    tx.updateTable("plugin_membership.member_codes").set({ created_at: new Date(Date.now() - 120_000) }).execute()
  );
  const again = await signIn(bed, gateway, "13900139000");
  assert.equal(again.status, 201);
  assert.deepEqual(
    { memberNo: (await again.json()).memberNo },
    { memberNo: session.memberNo },
  );
  assert.equal(
    (await bed.inDistrict((tx) => tx.selectFrom("plugin_membership.members").select("id").execute())).length,
    1,
  );
});

async function memberIdOf(bed: MembershipTestBed, memberNo: string): Promise<string> {
  const row = await bed.inDistrict((tx) =>
    tx.selectFrom("plugin_membership.members").select("id").where("member_no", "=", memberNo)
      .executeTakeFirstOrThrow()
  );
  return row.id;
}

Deno.test("membership sign-in: one code a minute and ten a day per number, with Retry-After", async () => {
  await using gateway = startTestGateway();
  await using bed = await bedWithGateway(gateway);
  const consumer = new TestClient(bed.app.app);
  assert.equal((await consumer.post(codes, { mobile: "13700137000" })).status, 202);
  const soon = await consumer.post(codes, { mobile: "13700137000" });
  assert.equal(soon.status, 429);
  assert.equal(soon.headers.get("content-type"), "application/problem+json; charset=utf-8");
  const wait = Number(soon.headers.get("retry-after"));
  assert.ok(wait > 55 && wait <= 60, `Retry-After ${wait}`);
  assert.equal(gateway.received.length, 1, "no second SMS");
  assert.equal((await consumer.post(codes, { mobile: "13600136000" })).status, 202, "another number is not held up");

  // Nine more earlier today (a minute apart and more), then the day's tenth-plus is refused until the oldest ages out.
  await bed.inDistrict(async (tx) => {
    const [first] = await tx.selectFrom("plugin_membership.member_codes").selectAll()
      .orderBy("created_at").limit(1).execute();
    for (let i = 1; i <= 9; i++) {
      await tx.insertInto("plugin_membership.member_codes").values({
        ...first,
        id: crypto.randomUUID(),
        created_at: new Date(Date.now() - (23 * 3600 + i * 60) * 1000),
        expires_at: new Date(Date.now() - (23 * 3600 + i * 60 - 300) * 1000),
      }).execute();
    }
    await tx.updateTable("plugin_membership.member_codes").set({ created_at: new Date(Date.now() - 3600_000) })
      .where("id", "=", first.id).execute();
  });
  const tomorrow = await consumer.post(codes, { mobile: "13700137000" });
  assert.equal(tomorrow.status, 429);
  const untilOldest = Number(tomorrow.headers.get("retry-after"));
  // The oldest of the ten was sent 23 h 9 min ago: a slot frees in 51 minutes.
  assert.ok(untilOldest > 51 * 60 - 30 && untilOldest <= 51 * 60, `Retry-After ${untilOldest}`);

  const bad = await consumer.post(codes, { mobile: "12345" });
  assert.equal(bad.status, 422);
  assert.deepEqual((await bad.json()).errors.map((e: { field: string }) => e.field), ["mobile"]);
});

Deno.test("membership sign-in: five wrong guesses end the code; an expired code is refused", async () => {
  await using gateway = startTestGateway();
  await using bed = await bedWithGateway(gateway);
  const consumer = new TestClient(bed.app.app);
  await consumer.post(codes, { mobile: "13500135000" });
  const right = gateway.codeFor("13500135000");
  const wrongCode = right === "123456" ? "654321" : "123456";
  const messages: string[] = [];
  for (let i = 0; i < 5; i++) {
    const res = await consumer.post(sessions, { mobile: "13500135000", code: wrongCode });
    assert.equal(res.status, 422);
    messages.push((await res.json()).errors[0].message);
  }
  assert.match(messages[3], /not right/);
  assert.match(messages[4], /too many wrong tries/);
  const late = await consumer.post(sessions, { mobile: "13500135000", code: right });
  assert.equal(late.status, 422, "the right code no longer helps");
  assert.match((await late.json()).errors[0].message, /too many wrong tries/);

  await bed.inDistrict((tx) =>
    tx.updateTable("plugin_membership.member_codes").set({ created_at: new Date(Date.now() - 120_000) }).execute()
  );
  assert.equal((await consumer.post(codes, { mobile: "13500135000" })).status, 202);
  // Five minutes pass: the new code (and the spent one before it) expire.
  await bed.inDistrict(async (tx) => {
    await tx.updateTable("plugin_membership.member_codes")
      .set({ created_at: new Date(Date.now() - 600_000), expires_at: new Date(Date.now() - 300_000) })
      .where("attempts", "=", 5).execute();
    await tx.updateTable("plugin_membership.member_codes")
      .set({ created_at: new Date(Date.now() - 400_000), expires_at: new Date(Date.now() - 100_000) })
      .where("attempts", "=", 0).execute();
  });
  const expired = await consumer.post(sessions, { mobile: "13500135000", code: gateway.codeFor("13500135000") });
  assert.equal(expired.status, 422);
  assert.match((await expired.json()).errors[0].message, /expired/);
  assert.equal(
    (await bed.inDistrict((tx) => tx.selectFrom("plugin_membership.members").select("id").execute())).length,
    0,
    "nobody joined",
  );
});

Deno.test("membership sign-in: joining at a store makes a store member; an unknown store spends no code", async () => {
  await using gateway = startTestGateway();
  await using bed = await bedWithGateway(gateway);
  const store = await bed.store("home", "星巴克彭城店");
  const consumer = new TestClient(bed.app.app);
  await consumer.post(codes, { mobile: "13800138001" });
  const code = gateway.codeFor("13800138001");
  const unknown = await consumer.post(sessions, {
    mobile: "13800138001",
    code,
    storeId: "00000000-0000-4000-8000-000000000000",
  });
  assert.equal(unknown.status, 422);
  assert.deepEqual((await unknown.json()).errors.map((e: { field: string }) => e.field), ["storeId"]);
  const otherDistrictsStore = await bed.store("other", "他商圈的店");
  assert.equal(
    (await consumer.post(sessions, { mobile: "13800138001", code, storeId: otherDistrictsStore })).status,
    422,
    "another district's store is unknown here",
  );
  const joined = await consumer.post(sessions, { mobile: "13800138001", code, storeId: store });
  assert.equal(joined.status, 201, "the code survived the refused attempts");
  const rows = await bed.inDistrict((tx) =>
    tx.selectFrom("plugin_membership.store_members").select(["store_id", "via"]).execute()
  );
  assert.deepEqual(rows, [{ store_id: store, via: "signup" }]);
  const consent = await bed.inDistrict((tx) => tx.selectFrom("core.consent_events").select("id").execute());
  assert.equal(consent.length, 0, "no consent asked, none recorded");
});

Deno.test("membership sign-in: a gateway failure answers 502 and costs no code", async () => {
  await using gateway = startTestGateway();
  await using bed = await bedWithGateway(gateway);
  const consumer = new TestClient(bed.app.app);
  gateway.failWith = 503;
  const failed = await consumer.post(codes, { mobile: "13300133000" });
  assert.equal(failed.status, 502);
  assert.equal(
    (await bed.inDistrict((tx) => tx.selectFrom("plugin_membership.member_codes").select("id").execute())).length,
    0,
  );
  gateway.failWith = undefined;
  assert.equal((await consumer.post(codes, { mobile: "13300133000" })).status, 202, "the person may ask again at once");
});

Deno.test("membership sign-in: sign-out ends the session; sessions and codes stay in their district", async () => {
  await using gateway = startTestGateway();
  await using bed = await bedWithGateway(gateway);
  const signedIn = await signIn(bed, gateway, "13200132000");
  const { token } = await signedIn.json();
  const app = new TestClient(bed.app.app, token);
  assert.equal((await app.get(`${base}/public/home/me`)).status, 200);
  assert.equal((await app.get(`${base}/public/other/me`)).status, 404, "the plugin is off in the other district");
  await bed.app.plugins!.enable({
    tenantId: bed.districts.other,
    pluginId: "membership",
    config: { membersSmsGatewayUrl: gateway.url },
    actor: "system:test",
  });
  assert.equal((await app.get(`${base}/public/other/me`)).status, 401, "home's session is nothing there");
  const consumer = new TestClient(bed.app.app);
  assert.equal(
    (await consumer.post(`${base}/public/other/members/sessions`, {
      mobile: "13200132000",
      code: gateway.codeFor("13200132000"),
    })).status,
    422,
    "nor is home's code",
  );

  const out = await app.post(`${base}/public/home/members/sign-out`);
  assert.equal(out.status, 200);
  assert.match(out.headers.get("set-cookie") ?? "", /member_home=;.*Max-Age=0/);
  assert.equal((await app.get(`${base}/public/home/me`)).status, 401);
  assert.equal((await app.post(`${base}/public/home/members/sign-out`)).status, 200, "signing out twice is fine");
  const https = await consumer.request("POST", codes, { mobile: "13100131000" }, { "x-forwarded-proto": "https" });
  assert.equal(https.status, 202);
  const secure = await consumer.request("POST", sessions, {
    mobile: "13100131000",
    code: gateway.codeFor("13100131000"),
  }, { "x-forwarded-proto": "https" });
  assert.match(secure.headers.get("set-cookie") ?? "", /Secure/, "behind https the cookie is Secure");
});

Deno.test("membership sign-in: two code requests at once for one number send one SMS", async () => {
  await using gateway = startTestGateway();
  await using bed = await bedWithGateway(gateway);
  const consumer = new TestClient(bed.app.app);
  const answers = await Promise.all(
    Array.from({ length: 4 }, () => consumer.post(codes, { mobile: "13400134000" })),
  );
  assert.deepEqual(answers.map((a) => a.status).sort(), [202, 429, 429, 429], testDatabaseKind());
  assert.equal(gateway.received.length, 1);
});
