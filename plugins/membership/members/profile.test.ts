/** The member's own profile, consent and stores: encrypted at rest, masked by default, their own data only. */
import assert from "node:assert/strict";
import { TestClient } from "../../../tests/support/http.ts";
import { base, membershipTestBed } from "../test-support.ts";

const me = `${base}/public/home/me`;

Deno.test("member profile: name and birthday are stored encrypted, shown masked, in clear on request", async () => {
  await using bed = await membershipTestBed();
  const member = await bed.join("13800138000");
  const changed = await member.client.patch(me, { name: "张三丰", birthday: "1990年3月15日" });
  assert.equal(changed.status, 200, await changed.clone().text());
  const masked = await changed.json();
  assert.deepEqual(
    { mobile: masked.mobile, name: masked.name, birthday: masked.birthday, revealed: masked.revealed },
    { mobile: "138****8000", name: "张**", birthday: "1990-**-**", revealed: false },
  );
  const clear = await (await member.client.get(`${me}?reveal=true`)).json();
  assert.deepEqual(
    { mobile: clear.mobile, name: clear.name, birthday: clear.birthday, revealed: clear.revealed },
    { mobile: "13800138000", name: "张三丰", birthday: "1990-03-15", revealed: true },
  );
  const row = await bed.inDistrict((tx) =>
    tx.selectFrom("plugin_membership.members").select(["name_enc", "birthday_enc", "birth_month", "birth_day"])
      .where("id", "=", member.id).executeTakeFirstOrThrow()
  );
  assert.match(row.name_enc!, /^pii1\.name\./);
  assert.match(row.birthday_enc!, /^pii1\.birthDate\./);
  assert.ok(!JSON.stringify(row).includes("张三丰") && !JSON.stringify(row).includes("1990"));
  assert.deepEqual([row.birth_month, row.birth_day], [3, 15], "month and day kept for birthday care");

  const refused = await member.client.patch(me, { name: "李四", birthday: "1990-02-30" });
  assert.equal(refused.status, 422);
  assert.deepEqual((await refused.json()).errors.map((e: { field: string }) => e.field), ["birthday"]);
  assert.equal((await (await member.client.get(`${me}?reveal=true`)).json()).name, "张三丰", "nothing half-applied");
  const badName = await member.client.patch(me, { name: "x" });
  assert.equal(badName.status, 422);
  assert.equal((await badName.json()).errors[0].field, "name");
  const unknown = await member.client.patch(me, { mobile: "13900139000" });
  assert.equal(unknown.status, 422, "the mobile is changed by signing in with the new number, not here");

  const cleared = await (await member.client.patch(me, { birthday: null })).json();
  assert.equal(cleared.birthday, null);
  assert.equal(cleared.name, "张**", "what was not named stays");
  const after = await bed.inDistrict((tx) =>
    tx.selectFrom("plugin_membership.members").select(["birthday_enc", "birth_month", "birth_day"])
      .where("id", "=", member.id).executeTakeFirstOrThrow()
  );
  assert.deepEqual(after, { birthday_enc: null, birth_month: null, birth_day: null });
  assert.equal((await new TestClient(bed.app.app).patch(me, { name: "王五" })).status, 401);

  // The session belongs to this district: elsewhere it changes nothing, whether the plugin is on there or not.
  assert.equal((await member.client.patch(`${base}/public/other/me`, { name: "王五" })).status, 404);
  await bed.app.plugins!.enable({ tenantId: bed.districts.other, pluginId: "membership", actor: "system:test" });
  assert.equal((await member.client.patch(`${base}/public/other/me`, { name: "王五" })).status, 401);
  assert.equal((await member.client.post(`${base}/public/other/me/consent`, { marketing: true })).status, 401);
  assert.equal((await (await member.client.get(`${me}?reveal=true`)).json()).name, "张三丰");
});

Deno.test("member consent: on and off, recorded once per change in the consent history", async () => {
  await using bed = await membershipTestBed();
  const member = await bed.join("13800138001");
  const on = await member.client.post(`${me}/consent`, { marketing: true });
  assert.equal(on.status, 200);
  assert.equal((await on.json()).marketing, true);
  await member.client.post(`${me}/consent`, { marketing: true });
  assert.equal((await (await member.client.get(me)).json()).marketingConsent, true);
  const off = await (await member.client.post(`${me}/consent`, { marketing: false })).json();
  assert.equal(off.marketing, false);
  const history = await bed.inDistrict((tx) =>
    tx.selectFrom("core.consent_events").select(["subject_id", "decision", "channel", "recorded_by", "source"])
      .orderBy("decided_at").orderBy("id").execute()
  );
  assert.deepEqual(history, [
    { subject_id: member.id, decision: "granted", channel: "h5", recorded_by: "subject", source: "plugin:membership" },
    {
      subject_id: member.id,
      decision: "withdrawn",
      channel: "h5",
      recorded_by: "subject",
      source: "plugin:membership",
    },
  ]);
  const bad = await member.client.post(`${me}/consent`, { marketing: "yes" });
  assert.equal(bad.status, 422);
  assert.equal((await bad.json()).errors[0].field, "marketing");
});

Deno.test("member stores: the district's open stores, marked where the member belongs", async () => {
  await using bed = await membershipTestBed();
  const joinedAt = await bed.store("home", "星巴克彭城店");
  const notJoined = await bed.store("home", "优衣库");
  await bed.store("other", "他商圈的店");
  const member = await bed.join("13800138002", { storeId: joinedAt });
  const listed = await (await member.client.get(`${base}/public/home/stores`)).json();
  assert.equal(listed.signedIn, true);
  assert.deepEqual(
    listed.items.map((s: { id: string; name: string; member: boolean }) => [s.id, s.name, s.member]).sort(),
    [[joinedAt, "星巴克彭城店", true], [notJoined, "优衣库", false]].sort(),
  );
  const anonymous = await (await new TestClient(bed.app.app).get(`${base}/public/home/stores`)).json();
  assert.equal(anonymous.signedIn, false);
  assert.ok(anonymous.items.every((s: { member: boolean }) => !s.member));
  assert.equal(anonymous.items.length, 2, "the other district's store is not listed");
});
