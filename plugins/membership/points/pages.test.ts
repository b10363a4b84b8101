/** The points pages, rendered for the people who use them: operators, a store's till, a member's phone. */
import assert from "node:assert/strict";
import { TestClient } from "../../../tests/support/http.ts";
import { membershipTestBed } from "../test-support.ts";
import { memberBrowser, posOf, sendSales } from "./test-helpers.ts";

const consolePath = "/console/plugins/membership/points";

async function page(client: TestClient, path: string) {
  const res = await client.get(path);
  return { status: res.status, html: await res.text() };
}

Deno.test("points pages: operators see rules, stores, a member's ledger and the settlement", async () => {
  await using bed = await membershipTestBed();
  const store = await bed.store("home", "彭城一号店");
  const member = await bed.join("13800138060");
  const pos = await posOf(bed);
  await sendSales(bed, pos, [{ storeId: store, receiptId: "r-1", amountFen: 12_800, memberId: member.memberNo }]);
  const admin = await bed.signIn("operator_admin");
  await admin.post("/api/v1/plugins/membership/points/rules", {
    name: "餐饮双倍",
    kind: "campaign",
    scope: "category",
    category: "餐饮",
    multiplier: 2,
    startsAt: "2026-01-01T00:00:00+08:00",
    endsAt: "2099-01-01T00:00:00+08:00",
  });

  const rules = await page(admin, `${consolePath}/rules`);
  assert.equal(rules.status, 200);
  assert.match(rules.html, /积分规则/);
  assert.match(rules.html, /餐饮双倍/);
  assert.match(rules.html, /新增规则/, "an operator admin gets the form");
  const inEnglish = new TestClient(bed.app.app);
  inEnglish.cookie = `${admin.cookie}; lang=en-US`;
  const english = await page(inEnglish, `${consolePath}/rules`);
  assert.match(english.html, /Earning rules/);

  const stores = await page(admin, `${consolePath}/stores`);
  assert.match(stores.html, /彭城一号店/);
  assert.match(stores.html, /参与积分联盟/);

  const ledger = await page(admin, `${consolePath}/members?member=${member.memberNo}`);
  assert.equal(ledger.status, 200);
  assert.match(ledger.html, /可用积分/);
  assert.match(ledger.html, />128</);
  assert.match(ledger.html, /调整积分/);
  const missing = await page(admin, `${consolePath}/members?member=100000000009`);
  assert.match(missing.html, /没有这个会员/);

  const settlement = await page(admin, `${consolePath}/settlement`);
  assert.equal(settlement.status, 200);
  assert.match(settlement.html, /下载 CSV/);
  assert.match(settlement.html, /彭城一号店/);
  const invalid = await page(admin, `${consolePath}/settlement?from=2026-03-05&to=2026-03-01`);
  assert.match(invalid.html, /请选择有效的日期范围/);

  const staff = await bed.signIn("operator_staff");
  const readOnly = await page(staff, `${consolePath}/rules`);
  assert.equal(readOnly.status, 200);
  assert.doesNotMatch(readOnly.html, /新增规则/, "staff read the rules but do not change them");
  assert.equal((await page(staff, `${consolePath}/counter`)).status, 403);
});

Deno.test("points pages: the till page for a store, and the member's phone page", async () => {
  await using bed = await membershipTestBed();
  const store = await bed.store();
  const member = await bed.join("13800138061");
  const pos = await posOf(bed);
  await sendSales(bed, pos, [{ storeId: store, receiptId: "r-1", amountFen: 5_000, memberId: member.memberNo }]);
  const till = await bed.signIn("store_staff", "home", store);
  const counter = await page(till, `${consolePath}/counter`);
  assert.equal(counter.status, 200);
  assert.match(counter.html, /积分抵扣/);
  assert.match(counter.html, /今日本店已手动赠送 0 \/ 5000 积分/);
  assert.equal((await page(till, `${consolePath}/rules`)).status, 403);

  const phone = await memberBrowser(bed, member);
  const mine = await page(phone, "/d/home/membership/points");
  assert.equal(mine.status, 200);
  assert.match(mine.html, /我的积分/);
  assert.match(mine.html, />50 </);
  assert.match(mine.html, /消费积分/);
  assert.doesNotMatch(mine.html, /sale r-1/, "members do not see the till's internal notes");
  const signedOut = await page(new TestClient(bed.app.app), "/d/home/membership/points");
  assert.equal(signedOut.status, 200);
  assert.match(signedOut.html, /请先登录会员/);
  assert.equal((await page(new TestClient(bed.app.app), "/d/other/membership/points")).status, 404);
});
