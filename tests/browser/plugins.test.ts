/**
 * Plugins in a real browser: an operator enables the satisfaction plugin on /console/plugins (a wrong setting is
 * answered beside its field), opens a survey on the plugin's page, consumers answer it on their phones, the
 * operator sees the rate; a refused disable (409) is shown, and once disabled the nav entry is gone and the
 * plugin's pages answer 404.
 */
import assert from "node:assert/strict";
import { provisionTenants } from "../../platform/identity/provision.ts";
import { installedPlugins } from "../../plugins/mod.ts";
import { createTestApp } from "../support/app.ts";
import { DESKTOP, openBrowser, PHONE, scrollsSideways, serveApp } from "../support/browser.ts";
import { TestClient } from "../support/http.ts";
import { createUser } from "../support/identity.ts";
import { openTestDatabase } from "../support/test-db.ts";

/** Screenshots for a person to look at; never part of the repository. */
const SHOTS = Deno.env.get("SCREENSHOT_DIR");

Deno.test("an operator enables satisfaction, opens a survey, consumers answer on phones, the rate shows; disabling hides it", async () => {
  await using database = await openTestDatabase();
  const report = await provisionTenants(database.db, {
    plans: [{ id: "with-surveys", name: { zh: "含调查", en: "With surveys" }, plugins: ["satisfaction"] }],
    tenants: [{
      slug: "district-a",
      name: { zh: "测试商圈1", en: "Test district 1" },
      city: "徐州市",
      plan: "with-surveys",
      timeZone: "Asia/Shanghai",
      plugins: [],
    }],
  });
  const districtA = report.tenantIds["district-a"];
  const admin = await createUser(database, districtA, "operator_admin");
  await using testApp = await createTestApp(database, { plugins: installedPlugins, logLevel: "error" });
  await using server = serveApp(testApp.app);
  const url = server.url;
  const shot = async (page: { screenshot(o: { path: string; fullPage: boolean }): Promise<unknown> }, name: string) => {
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/plugins-${name}.png`, fullPage: true });
  };

  await using operator = await openBrowser();
  const op = operator.page;
  await op.goto(`${url}/login?next=%2Fconsole%2Fplugins`);
  await op.getByLabel("登录名", { exact: true }).fill(admin.login);
  await op.getByLabel("密码", { exact: true }).fill(admin.password);
  await op.getByRole("button", { name: "登录" }).click();
  await op.waitForURL(`${url}/console/plugins`);
  const card = op.getByRole("article", { name: "满意度调查" });
  await card.getByText("未启用").waitFor();
  assert.equal(await op.getByRole("navigation").getByRole("link", { name: "满意度调查" }).count(), 0);
  await shot(op, "1-list");

  // Enabling opens the settings form, made from the plugin's schema with its defaults; 120 % is refused beside it.
  await card.getByRole("button", { name: "启用 满意度调查" }).click();
  const target = card.getByLabel("满意度目标（%）", { exact: true });
  assert.equal(await target.inputValue(), "85");
  assert.equal(await card.getByLabel("为新入驻的门店自动发起满意度调查").isChecked(), true);
  await target.fill("120");
  await card.getByRole("button", { name: "确认启用" }).click();
  await card.locator("#plugin-satisfaction-targetPercent-error").waitFor();
  assert.equal(await target.getAttribute("aria-invalid"), "true");
  await shot(op, "2-settings-error");
  await target.fill("80");
  await card.getByRole("button", { name: "确认启用" }).click();
  await op.getByRole("status").getByText("已启用“满意度调查”。").waitFor();
  await card.getByText("已启用", { exact: true }).waitFor();
  const audit = op.getByRole("region", { name: "最近的插件操作" });
  await audit.getByRole("cell", { name: "启用", exact: true }).waitFor();
  assert.match(await audit.textContent() ?? "", /targetPercent: 80/);
  await shot(op, "3-enabled");

  // The manifest's nav entry leads to the plugin's page; the operator opens a survey there.
  await op.getByRole("navigation").getByRole("link", { name: "满意度调查" }).click();
  await op.waitForURL(`${url}/console/plugins/satisfaction`);
  await op.getByText("还没有调查。").waitFor();
  await op.getByLabel("调查名称", { exact: true }).fill("十一月商圈满意度");
  await op.getByRole("button", { name: "发起调查" }).click();
  const survey = op.getByRole("article", { name: "十一月商圈满意度" });
  await survey.getByText("还没有答卷").waitFor();
  const link = await survey.getByLabel("消费者答卷地址", { exact: true }).inputValue();
  assert.match(link, new RegExp(`^${url}/d/district-a/satisfaction/[0-9a-f-]{36}$`));
  await op.setViewportSize(PHONE);
  assert.equal(await scrollsSideways(op), false, "the survey page fits a phone");
  await op.goto(`${url}/console/plugins`);
  assert.equal(await scrollsSideways(op), false, "/console/plugins fits a phone");
  await shot(op, "3b-phone-plugins");
  await op.setViewportSize(DESKTOP);
  await op.goBack();

  // Two consumers answer on their phones: one very satisfied (with a comment), one dissatisfied.
  for (const [rating, comment] of [["非常满意", "停车很方便"], ["不满意", ""]]) {
    await using consumer = await openBrowser({ viewport: PHONE });
    const phone = consumer.page;
    await phone.goto(link);
    await phone.getByRole("heading", { name: "十一月商圈满意度" }).waitFor();
    assert.equal(await phone.getByRole("link", { name: "登录" }).count(), 0, "no console sign-in for shoppers");
    assert.equal(await scrollsSideways(phone), false, "the answer page fits a phone");
    const choice = phone.getByRole("radio", { name: rating, exact: true });
    const box = await phone.getByText(rating, { exact: true }).boundingBox();
    assert.ok(box && box.height >= 24, "the rating buttons are big enough to tap");
    await choice.check();
    if (comment) await phone.getByLabel("还想告诉我们的（选填）").fill(comment);
    if (rating === "非常满意") await shot(phone, "4-phone-answer");
    await phone.getByRole("button", { name: "提交评价" }).click();
    await phone.getByRole("status").getByText("感谢你的评价！").waitFor();
    assert.equal(await phone.getByRole("button", { name: "提交评价" }).count(), 0, "the form gives way to thanks");
    if (rating === "非常满意") await shot(phone, "5-phone-thanks");
  }

  await op.reload();
  await survey.getByText("满意度 50.0%").waitFor();
  await survey.getByText("未达标").waitFor();
  assert.match(await survey.textContent() ?? "", /答卷数\s*2/);
  await shot(op, "6-rate");

  // Disabling asks first. Another admin disabled it meanwhile: the 409 is shown, not swallowed.
  await op.goto(`${url}/console/plugins`);
  await card.getByRole("button", { name: "停用 满意度调查" }).click();
  await card.getByText("确定停用“满意度调查”吗？").waitFor();
  const other = await createUser(database, districtA, "operator_admin");
  const otherClient = new TestClient(testApp.app);
  await otherClient.signIn(other.login, other.password);
  assert.equal((await otherClient.post("/api/v1/district/plugins/satisfaction/disable")).status, 200);
  await card.getByRole("button", { name: "确认停用" }).click();
  await card.getByRole("alert").getByText(/未能完成：satisfaction is not enabled/).waitFor();
  await shot(op, "7-refused");
  assert.equal((await otherClient.post("/api/v1/district/plugins/satisfaction/enable")).status, 200);

  await op.reload();
  await card.getByRole("button", { name: "停用 满意度调查" }).click();
  await card.getByRole("button", { name: "确认停用" }).click();
  await op.getByRole("status").getByText("已停用“满意度调查”。").waitFor();
  await card.getByText("未启用").waitFor();
  assert.equal(await op.getByRole("navigation").getByRole("link", { name: "满意度调查" }).count(), 0);
  await shot(op, "8-disabled");
  const gone = await op.goto(`${url}/console/plugins/satisfaction`);
  assert.equal(gone?.status(), 404);
  await op.getByRole("heading", { name: "页面不存在" }).waitFor();
  const consumerGone = await op.goto(link);
  assert.equal(consumerGone?.status(), 404);
});
