/** The electronic member card: a code that rotates every 30 s, read at the till; a screenshot stops working. */
import assert from "node:assert/strict";
import { TestClient } from "../../../tests/support/http.ts";
import { base, membershipTestBed } from "../test-support.ts";
import { CARD_STEP_SECONDS, cardCode, cardStep, isCurrentCardCode, parseCardInput } from "./card-code.ts";
import { luhnDigit } from "./members.ts";

const STEP_MS = CARD_STEP_SECONDS * 1000;

/** Waits out the last seconds of a step, so "the step before" cannot slip into "two steps before" mid-test. */
async function awayFromStepEdge(): Promise<void> {
  const left = STEP_MS - (Date.now() % STEP_MS);
  if (left < 3000) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

Deno.test("card code: the current and the previous step are accepted, older ones and other cards' are not", async () => {
  const card = { memberNo: "123456789015", cardSecret: btoa("a secret of twenty b!") };
  const other = { memberNo: "123456789015", cardSecret: btoa("another secret, 20 b") };
  const now = Date.UTC(2026, 2, 15, 4, 0, 10);
  const { code, expiresAt } = await cardCode(card, now);
  assert.match(code, /^123456789015[0-9]{6}$/);
  assert.equal(expiresAt.getTime(), (cardStep(now) + 2) * STEP_MS);
  const otp = code.slice(12);
  assert.equal(await isCurrentCardCode(card, otp, now), true);
  assert.equal(await isCurrentCardCode(card, otp, now + STEP_MS), true, "still good in the next step");
  assert.equal(await isCurrentCardCode(card, otp, now + 2 * STEP_MS), false, "a minute later: a screenshot");
  assert.equal(await isCurrentCardCode(other, otp, now), false, "another card's secret makes other codes");
  assert.notEqual((await cardCode(card, now + STEP_MS)).code, code, "the code rotates");
  assert.equal((await cardCode(card, now + 1000)).code, code, "and stays within its step");
});

Deno.test("card input: a scanned code, a typed card number, or a clear refusal", () => {
  const digits = [1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1];
  const memberNo = digits.join("") + luhnDigit(digits);
  assert.deepEqual(parseCardInput(`${memberNo}654321`), { kind: "code", memberNo, otp: "654321" });
  assert.deepEqual(parseCardInput(`${memberNo.slice(0, 4)} ${memberNo.slice(4, 8)} ${memberNo.slice(8)}`), {
    kind: "memberNo",
    memberNo,
  });
  const typo = memberNo.slice(0, 11) + ((Number(memberNo[11]) + 1) % 10);
  assert.match((parseCardInput(typo) as { message: string }).message, /check digit/);
  assert.equal(parseCardInput("abc").kind, "invalid");
  assert.equal(parseCardInput("12345").kind, "invalid");
});

Deno.test("member card: the member sees the code and its QR; the till resolves it while it is live", async () => {
  await using bed = await membershipTestBed();
  const store = await bed.store();
  const member = await bed.join("13900139000");
  const card = await member.client.get(`${base}/public/home/me/card`);
  assert.equal(card.status, 200);
  assert.equal(card.headers.get("cache-control"), "no-store");
  const shown = await card.json();
  assert.equal(shown.memberNo, member.memberNo);
  assert.match(shown.code, new RegExp(`^${member.memberNo}[0-9]{6}$`));
  assert.equal(shown.refreshSeconds, 25);
  const left = Date.parse(shown.expiresAt) - Date.now();
  assert.ok(left > STEP_MS - 2000 && left <= 2 * STEP_MS, `accepted for another ${left} ms`);
  assert.match(shown.qrSvg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 \d+ \d+">/);
  assert.equal((await new TestClient(bed.app.app).get(`${base}/public/home/me/card`)).status, 401);

  const cashier = await bed.signIn("store_staff", "home", store);
  const resolved = await cashier.post(`${base}/cards/resolve`, { code: shown.code });
  assert.equal(resolved.status, 200, await resolved.clone().text());
  assert.deepEqual(await resolved.json(), {
    id: member.id,
    memberNo: member.memberNo,
    mobile: "139****9000",
    level: null,
    verified: true,
  });

  const secret = await bed.inDistrict((tx) =>
    tx.selectFrom("plugin_membership.members").select("card_secret").where("id", "=", member.id)
      .executeTakeFirstOrThrow()
  );
  const ofCard = { memberNo: member.memberNo, cardSecret: secret.card_secret };
  await awayFromStepEdge();
  const previous = await cardCode(ofCard, Date.now() - STEP_MS);
  assert.equal((await cashier.post(`${base}/cards/resolve`, { code: previous.code })).status, 200);
  const screenshot = await cardCode(ofCard, Date.now() - 2 * STEP_MS);
  const stale = await cashier.post(`${base}/cards/resolve`, { code: screenshot.code });
  assert.equal(stale.status, 422);
  const problem = await stale.json();
  assert.deepEqual(problem.errors.map((e: { field: string }) => e.field), ["code"]);
  assert.match(problem.errors[0].message, /expired/);

  const typed = await cashier.post(`${base}/cards/resolve`, { code: member.memberNo });
  assert.equal((await typed.json()).verified, false, "a typed number is served, marked as not shown live");
  const digits = [9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9];
  const nobody = digits.join("") + luhnDigit(digits);
  assert.equal((await cashier.post(`${base}/cards/resolve`, { code: nobody })).status, 404);
  const garbage = await cashier.post(`${base}/cards/resolve`, { code: "hello" });
  assert.equal(garbage.status, 422);
  assert.equal((await garbage.json()).errors[0].field, "code");

  assert.equal(
    (await (await bed.signIn("operator_staff")).post(`${base}/cards/resolve`, { code: shown.code })).status,
    200,
  );
  assert.equal(
    (await new TestClient(bed.app.app).post(`${base}/cards/resolve`, { code: shown.code })).status,
    401,
    "no one off the street",
  );
  assert.equal(
    (await member.client.post(`${base}/cards/resolve`, { code: shown.code })).status,
    401,
    "and not a member's session either: it is not a platform sign-in",
  );
});

Deno.test("member card: another district's till does not know this district's members", async () => {
  await using bed = await membershipTestBed();
  const member = await bed.join("13900139001");
  const shown = await (await member.client.get(`${base}/public/home/me/card`)).json();
  await bed.app.plugins!.enable({ tenantId: bed.districts.other, pluginId: "membership", actor: "system:test" });
  const otherStore = await bed.store("other");
  const elsewhere = await bed.signIn("store_owner", "other", otherStore);
  assert.equal((await elsewhere.post(`${base}/cards/resolve`, { code: shown.code })).status, 404);
  assert.equal((await elsewhere.post(`${base}/cards/resolve`, { code: member.memberNo })).status, 404);
  assert.equal((await member.client.get(`${base}/public/other/me/card`)).status, 401);
});
