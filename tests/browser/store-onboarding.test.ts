/**
 * The web console's "done when", in a real browser against the real app: an operator signs in; a new store
 * registers on /register (on a phone); the operator approves it on /console/stores; the applicant's status page
 * shows the invitation link; the new owner chooses a password on /invite/<token>, signs in and sees their store;
 * the language switch turns the console English; and no page scrolls sideways on a 390 px wide phone.
 */
import assert from "node:assert/strict";
import { creditCodeCheckCharacter } from "../../platform/privacy/identifiers/credit-code.ts";
import { createTestApp } from "../support/app.ts";
import { openBrowser, PHONE, scrollsSideways, serveApp } from "../support/browser.ts";
import { createUser } from "../support/identity.ts";
import { createTestTenants } from "../support/tenants.ts";
import { openTestDatabase } from "../support/test-db.ts";

const STORE = "星巴克（彭城广场店）";
const CREDIT_CODE_17 = "91320300MA1XK7P2R";
const OWNER_LOGIN = "starbucks-pc";
const OWNER_PASSWORD = "Latte-and-42-beans";

Deno.test("a store registers, the operator approves it, the owner sets a password and sees their store", async () => {
  await using database = await openTestDatabase();
  const [districtA] = await createTestTenants(database, 2);
  const admin = await createUser(database, districtA, "operator_admin");
  await using testApp = await createTestApp(database, { logLevel: "error" });
  await using server = serveApp(testApp.app);
  const url = server.url;

  // The operator opens the review page, is sent to sign in, and comes back to it.
  await using operator = await openBrowser();
  const op = operator.page;
  await op.goto(`${url}/console/stores`);
  assert.equal(op.url(), `${url}/login?next=%2Fconsole%2Fstores`);
  await op.getByLabel("登录名", { exact: true }).fill(admin.login);
  await op.getByLabel("密码", { exact: true }).fill(admin.password);
  await op.getByRole("button", { name: "登录" }).click();
  await op.waitForURL(`${url}/console/stores`);
  await op.getByText("没有待审核的申请。").waitFor();

  // A new store applies from a phone; a wrong credit code is answered beside its field.
  await using applicant = await openBrowser({ viewport: PHONE });
  const ap = applicant.page;
  await ap.goto(`${url}/register`);
  assert.equal(await scrollsSideways(ap), false, "/register fits a phone");
  await ap.getByRole("link", { name: /测试商圈1/ }).click();
  await ap.waitForURL(`${url}/register/district-a`);
  const checkCharacter = creditCodeCheckCharacter(CREDIT_CODE_17);
  const wrongCharacter = checkCharacter === "0" ? "1" : "0";
  await ap.getByLabel("门店名称", { exact: true }).fill(STORE);
  await ap.getByLabel("统一社会信用代码", { exact: true }).fill(CREDIT_CODE_17 + wrongCharacter);
  await ap.getByLabel("业态", { exact: true }).selectOption({ label: "餐饮" });
  await ap.getByLabel("楼层", { exact: true }).fill("1F");
  await ap.getByLabel("铺位号", { exact: true }).fill("A-108");
  await ap.getByLabel("面积（平方米）", { exact: true }).fill("86.5");
  await ap.getByLabel("员工人数", { exact: true }).fill("12");
  await ap.getByLabel("联系人姓名", { exact: true }).fill("王小明");
  await ap.getByLabel("联系人手机号", { exact: true }).fill("13812345678");
  await ap.getByLabel("店主登录名", { exact: true }).fill(OWNER_LOGIN);
  await ap.getByRole("button", { name: "提交申请" }).click();
  const creditCodeError = ap.locator("#apply-creditCode-error");
  await creditCodeError.waitFor();
  assert.equal(await ap.getByLabel("统一社会信用代码", { exact: true }).getAttribute("aria-invalid"), "true");
  assert.equal(await scrollsSideways(ap), false, "the form with errors fits a phone");
  await ap.getByLabel("统一社会信用代码", { exact: true }).fill(CREDIT_CODE_17 + checkCharacter);
  await ap.getByRole("button", { name: "提交申请" }).click();
  await ap.waitForURL(/\/register\/status\/[^/?]+\?new=1$/);
  await ap.getByText("审核中").waitFor();
  assert.equal(await scrollsSideways(ap), false, "the status page fits a phone");
  const statusPage = ap.url().replace("?new=1", "");

  // The operator sees the application with its contact masked, and approves it.
  await op.reload();
  const card = op.getByRole("article", { name: STORE });
  await card.waitFor();
  const cardText = await card.textContent() ?? "";
  assert.match(cardText, /138\*{4}5678/, "the mobile number is masked");
  assert.doesNotMatch(cardText, /13812345678/);
  await card.getByRole("button", { name: "批准" }).click();
  const operatorLink = card.getByLabel("店主邀请链接", { exact: true });
  await operatorLink.waitFor();
  assert.match(await operatorLink.inputValue(), new RegExp(`^${url}/invite/inv_`));
  await op.getByRole("cell", { name: STORE }).waitFor();

  // The applicant's status page now shows the approval and the invitation link.
  await ap.goto(statusPage);
  await ap.getByText("已通过", { exact: true }).waitFor();
  assert.equal(await ap.getByLabel("店主邀请链接", { exact: true }).inputValue(), await operatorLink.inputValue());
  await ap.getByRole("link", { name: "设置店主密码" }).click();
  await ap.waitForURL(/\/invite\/inv_/);
  assert.equal(await scrollsSideways(ap), false, "the invitation page fits a phone");

  // A weak password is refused by the API and the reason shows beside the field; then a good one.
  await ap.getByLabel("新密码", { exact: true }).fill("short1");
  await ap.getByLabel("再次输入新密码", { exact: true }).fill("short1");
  await ap.getByRole("button", { name: "设置密码" }).click();
  await ap.locator("#invite-password-error").waitFor();
  assert.match(await ap.locator("#invite-password-error").textContent() ?? "", /at least 10 characters/);
  await ap.getByLabel("新密码", { exact: true }).fill(OWNER_PASSWORD);
  await ap.getByLabel("再次输入新密码", { exact: true }).fill(OWNER_PASSWORD);
  await ap.getByRole("button", { name: "设置密码" }).click();
  await ap.getByRole("link", { name: "去登录" }).click();

  // The new owner signs in (the login is filled in already) and sees their store.
  await ap.waitForURL(`${url}/login?login=${OWNER_LOGIN}`);
  assert.equal(await ap.getByLabel("登录名", { exact: true }).inputValue(), OWNER_LOGIN);
  await ap.getByLabel("密码", { exact: true }).fill(OWNER_PASSWORD);
  await ap.getByRole("button", { name: "登录" }).click();
  await ap.waitForURL(`${url}/console`);
  const ownStore = ap.getByRole("region", { name: "我的门店" });
  await ownStore.getByText(STORE).waitFor();
  assert.match(await ownStore.textContent() ?? "", /餐饮/);
  assert.equal(await scrollsSideways(ap), false, "the console home fits a phone");

  // The language switch turns the console English and stays on the page.
  await ap.getByRole("link", { name: "English" }).click();
  await ap.waitForURL(`${url}/console`);
  assert.equal(await ap.locator("html").getAttribute("lang"), "en-US");
  await ap.getByRole("region", { name: "My store" }).getByText(STORE).waitFor();
  await ap.getByRole("link", { name: "Home" }).waitFor();
  assert.match(await ap.locator("header").textContent() ?? "", /Test district 1.*Sign out/s);
  assert.equal(await scrollsSideways(ap), false, "the English console fits a phone");
});
