/**
 * The coupons pages over HTTP: the console's templates (operator and store), a template's issuing, the till's
 * redeem page from code to result, the redemption log, and the member's phone page with codes and QR codes.
 */
import assert from "node:assert/strict";
import { issueMemberSession, memberCookieName } from "../members/member-auth.ts";
import { membershipTestBed } from "../test-support.ts";
import { formatCouponCode } from "./code.ts";
import { coupons, createTemplate, giveCoupon, TWENTY_OFF } from "./test-helpers.ts";

const CONSOLE = "/console/plugins/membership/coupons";

function unescape(value: string): string {
  return value.replaceAll("&quot;", '"').replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");
}

function forms(html: string): { id: string; action: string; fields: { name: string; value?: unknown }[] }[] {
  return [...html.matchAll(/data-island="ApiForm" data-props="([^"]*)"/g)].map((m) => JSON.parse(unescape(m[1])));
}

function navLinks(html: string): string[] {
  const nav = /<nav class="main-nav"[^>]*>([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? "";
  return [...nav.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
}

async function page(client: { get(path: string): Response | Promise<Response> }, path: string) {
  const res = await client.get(path);
  return { status: res.status, html: await res.text() };
}

Deno.test("pages: the operator's coupons, a template's issuing forms, and the navigation", async () => {
  await using bed = await membershipTestBed();
  const store = await bed.store("home", "星巴克彭城店");
  const admin = await bed.signIn("operator_admin");
  const template = await createTemplate(admin, { ...TWENTY_OFF, storeIds: [store] });

  const list = await page(admin, CONSOLE);
  assert.equal(list.status, 200);
  assert.match(list.html, /满100减20/);
  assert.match(list.html, /减 ¥20\.00, 满 ¥100\.00 可用/);
  assert.match(list.html, /星巴克彭城店/, "where it is valid, by store name");
  assert.match(list.html, /发放 0 · 已核销 0/);
  for (const path of [CONSOLE, `${CONSOLE}/redeem`, `${CONSOLE}/redemptions`]) {
    assert.ok(navLinks(list.html).includes(path), `nav has ${path}`);
  }
  const create = forms(list.html).find((f) => f.id === "coupon-create")!;
  assert.equal(create.action, `/api/v1/plugins/membership/coupons/templates`);
  assert.ok(create.fields.some((f) => f.name === "storeIds"), "the operator picks stores");
  assert.ok(forms(list.html).some((f) => f.action === `${coupons}/templates/${template.id}/pause`));

  const detail = await page(admin, `${CONSOLE}/templates/${template.id}`);
  assert.equal(detail.status, 200);
  const detailForms = forms(detail.html);
  assert.deepEqual(detailForms.map((f) => f.action).sort(), [
    `${coupons}/templates/${template.id}/grants`,
    `${coupons}/templates/${template.id}/issues`,
  ]);
  const reference = detailForms.find((f) => f.id === "coupon-grant")!.fields.find((f) => f.name === "reference")!;
  assert.match(String(reference.value), /^G-[0-9A-F]{8}$/, "a fresh reference makes a resent form harmless");
  assert.match(detail.html, /未同意接收营销信息的会员也会收到券/, "the consent rule is said where it applies");

  const english = await admin.request("GET", CONSOLE, undefined, { "accept-language": "en-US" });
  assert.match(await english.text(), /¥20\.00 off, on ¥100\.00 or more/);
});

Deno.test("pages: a store sees and makes its own coupons only", async () => {
  await using bed = await membershipTestBed();
  const [storeA, storeB] = [await bed.store("home", "A 店"), await bed.store("home", "B 店")];
  const admin = await bed.signIn("operator_admin");
  const ownerA = await bed.signIn("store_owner", "home", storeA);
  const staffB = await bed.signIn("store_staff", "home", storeB);
  const district = await createTemplate(admin, { ...TWENTY_OFF, title: "商圈通用券" });
  await createTemplate(ownerA, { ...TWENTY_OFF, title: "A 店专享券" });

  const mine = await page(ownerA, CONSOLE);
  assert.equal(mine.status, 200);
  assert.match(mine.html, /A 店专享券/);
  assert.doesNotMatch(mine.html, /商圈通用券/);
  const create = forms(mine.html).find((f) => f.id === "coupon-create")!;
  assert.ok(!create.fields.some((f) => f.name === "storeIds"), "valid at the store itself, nothing to pick");
  const theirs = await page(staffB, CONSOLE);
  assert.doesNotMatch(theirs.html, /A 店专享券/);
  assert.equal(forms(theirs.html).length, 0, "store staff neither create nor pause");
  assert.equal((await page(staffB, `${CONSOLE}/templates/${district.id}`)).status, 404);
});

Deno.test("pages: the till checks a code, redeems it, sees the result and may undo it", async () => {
  await using bed = await membershipTestBed();
  const store = await bed.store("home", "A 店");
  const admin = await bed.signIn("operator_admin");
  const till = await bed.signIn("store_staff", "home", store);
  const template = await createTemplate(admin);
  const member = await bed.join("13100000001");
  const coupon = await giveCoupon(bed, template.id, member.id);
  const typed = formatCouponCode(coupon.code).toLowerCase();

  const empty = await page(till, `${CONSOLE}/redeem`);
  assert.equal(empty.status, 200);
  assert.match(empty.html, /<form method="get" action="\/console\/plugins\/membership\/coupons\/redeem"/);
  const checked = await page(till, `${CONSOLE}/redeem?code=${encodeURIComponent(typed)}`);
  assert.match(checked.html, /可以使用/);
  const redeemForm = forms(checked.html).find((f) => f.id === "coupon-redeem")!;
  assert.equal(redeemForm.action, `${coupons}/redemptions`);
  assert.equal(redeemForm.fields.find((f) => f.name === "code")!.value, formatCouponCode(coupon.code));

  await till.post(`${coupons}/redemptions`, { code: coupon.code, amountFen: 15_000 });
  const after = await page(till, `${CONSOLE}/redeem?code=${encodeURIComponent(typed)}`);
  assert.match(after.html, /此券已使用/);
  assert.match(after.html, /优惠 ¥20\.00/);
  assert.match(after.html, /应付 ¥130\.00/);
  assert.ok(!forms(after.html).some((f) => f.id === "coupon-redeem"), "no second redemption offered");
  assert.ok(forms(after.html).some((f) => f.id === "coupon-undo"), "undo, while the window is open");

  assert.match((await page(till, `${CONSOLE}/redeem?code=NOTACODE`)).html, /这不是有效的券码/);
  assert.match((await page(till, `${CONSOLE}/redeem?code=00000000000000`)).html, /本商圈没有这张券/);

  const log = await page(till, `${CONSOLE}/redemptions`);
  assert.equal(log.status, 200);
  assert.match(log.html, new RegExp(`\\*\\*\\*\\*-${coupon.code.slice(-4)}`));
  assert.doesNotMatch(log.html, new RegExp(coupon.code), "the full code is not shown to staff");
  const member2 = await bed.join("13100000002");
  const operatorView = await page(
    admin,
    `${CONSOLE}/redeem?code=${(await giveCoupon(bed, template.id, member2.id)).code}&storeId=${store}`,
  );
  const storeField = forms(operatorView.html).find((f) => f.id === "coupon-redeem")!.fields.find((f) =>
    f.name === "storeId"
  );
  assert.ok(storeField, "the operator redeems naming the store chosen");
});

Deno.test("pages: the member's phone page shows codes with QR codes and claim buttons; signed out, the offers", async () => {
  await using bed = await membershipTestBed();
  const admin = await bed.signIn("operator_admin");
  const held = await createTemplate(admin, { ...TWENTY_OFF, title: "已领的券", claimable: false });
  const offered = await createTemplate(admin, { ...TWENTY_OFF, title: "待领的券", pointsCost: 200 });
  const member = await bed.join("13100000003");
  const coupon = await giveCoupon(bed, held.id, member.id);
  const { token } = await bed.inDistrict((tx) => issueMemberSession(tx, bed.districts.home, member.id));
  const asMember = (path: string) =>
    bed.app.app.request(path, { headers: { cookie: `${memberCookieName("home")}=${token}` } });

  const res = await asMember("/d/home/membership/coupons");
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.match(html, /我的优惠券/);
  assert.ok(html.includes(formatCouponCode(coupon.code)), "the code as text");
  assert.match(html, /<img src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="券码 /, "and as a QR code");
  assert.doesNotMatch(html, /class="main-nav"/, "the consumer frame: no console navigation");
  const buttons = forms(html);
  assert.deepEqual(buttons.map((f) => f.action.replace(/\?idempotencyKey=[0-9a-f-]{36}$/, "")).sort(), [
    `/api/v1/plugins/membership/public/home/coupons/${offered.id}/claims`,
    `/api/v1/plugins/membership/public/home/coupons/${offered.id}/exchanges`,
  ]);
  assert.ok(buttons.every((f) => /\?idempotencyKey=[0-9a-f-]{36}$/.test(f.action)), "each with its own key");

  const claimed = await bed.app.app.request(buttons.find((f) => f.action.includes("/claims"))!.action, {
    method: "POST",
    headers: { cookie: `${memberCookieName("home")}=${token}` },
  });
  assert.equal(claimed.status, 201, "the button's address claims as it is");

  const signedOut = await page({ get: (path) => bed.app.app.request(path) }, "/d/home/membership/coupons");
  assert.equal(signedOut.status, 200);
  assert.match(signedOut.html, /登录会员后查看和领取优惠券/);
  assert.match(signedOut.html, /待领的券/);
  assert.doesNotMatch(signedOut.html, /已领的券/);
  assert.equal(forms(signedOut.html).length, 0, "nothing to claim before signing in");
  assert.equal((await bed.app.app.request("/d/other/membership/coupons")).status, 404, "not enabled there");
});
