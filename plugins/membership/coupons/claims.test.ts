/**
 * Members claiming coupons online: one coupon per idempotency key, no more than the member's and the template's
 * limits even when the requests arrive at once, and the wallet showing what the member holds.
 */
import assert from "node:assert/strict";
import { TestClient } from "../../../tests/support/http.ts";
import { base, membershipTestBed } from "../test-support.ts";
import { claim, coupons, createTemplate, storedCoupons, TWENTY_OFF } from "./test-helpers.ts";

Deno.test("claims: the same key is the same coupon; a new key is refused at the member's limit", async () => {
  await using bed = await membershipTestBed();
  const admin = await bed.signIn("operator_admin");
  const template = await createTemplate(admin);
  const member = await bed.join("13800000001");

  const first = await claim(member, template.id, "tap-1");
  assert.equal(first.status, 201);
  assert.match(first.body.code, /^[0-9A-HJKMNP-TV-Z]{14}$/);
  assert.equal(first.body.source, "claim");
  const validFor = Date.parse(first.body.validUntil as string) - Date.parse(first.body.validFrom as string);
  assert.equal(validFor, 30 * 86_400_000, "valid 30 days from issue");
  const again = await claim(member, template.id, "tap-1");
  assert.equal(again.status, 200, "a retried tap");
  assert.deepEqual(again.body, first.body);

  const second = await claim(member, template.id, "tap-2");
  assert.equal(second.status, 409, "one per member");
  assert.equal((await storedCoupons(bed)).length, 1);

  const viaQuery = await member.client.post(`${base}/public/home/coupons/${template.id}/claims?idempotencyKey=tap-1`);
  assert.equal(viaQuery.status, 200, "the key may come in the address, as the H5 page's button sends it");
  const noKey = await member.client.post(`${base}/public/home/coupons/${template.id}/claims`);
  assert.equal(noKey.status, 422);
  assert.equal((await noKey.json()).errors[0].field, "idempotencyKey");
  const anonymous = new TestClient(bed.app.app);
  assert.equal(
    (await anonymous.post(`${base}/public/home/coupons/${template.id}/claims`, { idempotencyKey: "x" })).status,
    401,
  );

  const wallet = await (await member.client.get(`${base}/public/home/me/coupons`)).json();
  assert.deepEqual(wallet.active.map((c: { code: string }) => c.code), [first.body.code]);
  assert.deepEqual([wallet.used, wallet.expired], [[], []]);
  assert.equal(wallet.active[0].title, TWENTY_OFF.title);
  assert.equal((await anonymous.get(`${base}/public/home/me/coupons`)).status, 401);
});

Deno.test("claims: only claimable, active templates that have not ended or run out", async () => {
  await using bed = await membershipTestBed();
  const admin = await bed.signIn("operator_admin");
  const member = await bed.join("13800000002");
  const other = await bed.join("13800000003");
  const staffOnly = await createTemplate(admin, { ...TWENTY_OFF, claimable: false });
  assert.equal((await claim(member, staffOnly.id)).status, 409, "not claimable online");
  const two = await createTemplate(admin, { ...TWENTY_OFF, title: "限量两张", totalLimit: 2, perMemberLimit: 2 });
  assert.equal((await claim(member, two.id)).status, 201);
  assert.equal((await claim(member, two.id)).status, 201, "a second one under the member's limit of two");
  assert.equal((await claim(other, two.id)).status, 409, "all given out");
  assert.equal((await claim(member, crypto.randomUUID())).status, 404);

  const paused = await createTemplate(admin, { ...TWENTY_OFF, title: "暂停的券" });
  await admin.post(`${coupons}/templates/${paused.id}/pause`);
  assert.equal((await claim(member, paused.id)).status, 409, "paused");

  const offers = await (await new TestClient(bed.app.app).get(`${base}/public/home/coupons`)).json();
  assert.deepEqual(
    offers.items.map((o: { title: string; held: number | null }) => [o.title, o.held]),
    [],
    "nothing claimable is left: one run out, one paused, one not claimable",
  );
  const open = await createTemplate(admin, { ...TWENTY_OFF, title: "人人有份" });
  const signedIn = await (await member.client.get(`${base}/public/home/coupons`)).json();
  assert.deepEqual(signedIn.items.map((o: { templateId: string; held: number }) => [o.templateId, o.held]), [
    [open.id, 0],
  ]);
});

Deno.test("claims: under concurrent requests the total and the per-member limits hold", async () => {
  await using bed = await membershipTestBed();
  const admin = await bed.signIn("operator_admin");
  const scarce = await createTemplate(admin, { ...TWENTY_OFF, title: "秒杀券", totalLimit: 3 });
  const members = await Promise.all(Array.from({ length: 8 }, (_, i) => bed.join(`1390000000${i}`)));
  const results = await Promise.all(members.map((member) => claim(member, scarce.id)));
  assert.deepEqual(
    results.map((r) => r.status).sort(),
    [201, 201, 201, 409, 409, 409, 409, 409],
    "three coupons for eight members tapping at once",
  );
  const perMember = await createTemplate(admin, { ...TWENTY_OFF, title: "每人两张", perMemberLimit: 2 });
  const eager = members[0];
  const taps = await Promise.all(Array.from({ length: 6 }, () => claim(eager, perMember.id)));
  assert.deepEqual(taps.map((r) => r.status).sort(), [201, 201, 409, 409, 409, 409]);
  const sameKey = await createTemplate(admin, { ...TWENTY_OFF, title: "同一次点击" });
  const retries = await Promise.all(Array.from({ length: 4 }, () => claim(eager, sameKey.id, "one-tap")));
  assert.equal(new Set(retries.map((r) => r.body.id)).size, 1, "one key, one coupon, however many arrive at once");
  assert.deepEqual(retries.map((r) => r.status).sort(), [200, 200, 200, 201]);

  const stored = await storedCoupons(bed);
  const count = (templateId: string) => stored.filter((c) => c.template_id === templateId).length;
  assert.deepEqual([count(scarce.id), count(perMember.id), count(sameKey.id)], [3, 2, 1]);
  const issuedCounts = await bed.inDistrict((tx) =>
    tx.selectFrom("plugin_membership.coupon_templates").select(["id", "issued_count"]).execute()
  );
  assert.equal(issuedCounts.find((t) => t.id === scarce.id)?.issued_count, 3);
});
