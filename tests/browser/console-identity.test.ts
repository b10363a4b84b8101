/**
 * The identity pages in a browser: sign-in answers (wrong password, lockout), inviting a person (the link is
 * shown once) and managing them (re-sent link, role, disabling after a confirmation), and API keys (field errors, the token shown once with a copy button, revoking after a
 * confirmation).
 */
import assert from "node:assert/strict";
import { createTestApp } from "../support/app.ts";
import { openBrowser, PHONE, scrollsSideways, serveApp } from "../support/browser.ts";
import { createUser } from "../support/identity.ts";
import { createTestTenants } from "../support/tenants.ts";
import { openTestDatabase } from "../support/test-db.ts";

async function setup() {
  const database = await openTestDatabase();
  const [districtA] = await createTestTenants(database, 1);
  const testApp = await createTestApp(database, { logLevel: "error" });
  const server = serveApp(testApp.app);
  return {
    database,
    districtA,
    url: server.url,
    [Symbol.asyncDispose]: async () => {
      await server[Symbol.asyncDispose]();
      await testApp.jobs.close();
      await database.close();
    },
  };
}

Deno.test("sign-in: a wrong password is said so, five lock the account, and the form says for how long", async () => {
  await using t = await setup();
  const staff = await createUser(t.database, t.districtA, "operator_staff");
  await using browser = await openBrowser({ viewport: PHONE });
  const page = browser.page;
  await page.goto(`${t.url}/login`);
  assert.equal(await scrollsSideways(page), false);
  await page.getByLabel("登录名", { exact: true }).fill(staff.login);
  const alert = page.getByRole("alert");
  for (let attempt = 1; attempt <= 4; attempt++) {
    await page.getByLabel("密码", { exact: true }).fill(`wrong-password-${attempt}`);
    await page.getByRole("button", { name: "登录" }).click();
    await page.getByText("登录名或密码不正确。").waitFor();
  }
  await page.getByLabel("密码", { exact: true }).fill("wrong-password-5");
  await page.getByRole("button", { name: "登录" }).click();
  await page.getByText(/账号已暂时锁定，请 \d+ 分钟后再试/).waitFor();
  assert.match(await alert.textContent() ?? "", /15 分钟/);
  assert.equal(page.url(), `${t.url}/login`, "still on the sign-in page");
});

Deno.test("people and API keys: invite with a link shown once; keys shown once, copied, revoked after confirming", async () => {
  await using t = await setup();
  const admin = await createUser(t.database, t.districtA, "operator_admin");
  await using browser = await openBrowser();
  const page = browser.page;
  await browser.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: t.url });
  await page.goto(`${t.url}/login?next=%2Fconsole%2Fusers`);
  await page.getByLabel("登录名", { exact: true }).fill(admin.login);
  await page.getByLabel("密码", { exact: true }).fill(admin.password);
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL(`${t.url}/console/users`);

  // Inviting someone whose login is taken is answered beside the login field.
  const inviteForm = page.getByRole("region", { name: "邀请人员" });
  await inviteForm.getByLabel("登录名", { exact: true }).fill(admin.login);
  await inviteForm.getByLabel("姓名", { exact: true }).fill("李四");
  await inviteForm.getByRole("button", { name: "发送邀请" }).click();
  await page.locator("#invite-login-error").getByText("this login is already taken").waitFor();
  await inviteForm.getByLabel("登录名", { exact: true }).fill("li-si");
  await inviteForm.getByRole("button", { name: "发送邀请" }).click();
  const link = inviteForm.getByLabel("邀请链接", { exact: true });
  await link.waitFor();
  assert.match(await link.inputValue(), new RegExp(`^${t.url}/invite/inv_`));
  await page.getByRole("cell", { name: "li-si", exact: true }).waitFor();
  assert.match(await page.getByRole("row", { name: /li-si/ }).textContent() ?? "", /已邀请/);

  // Managing the person: a new link (shown once), a role change, and disabling after confirming.
  const people = page.getByRole("region", { name: "人员列表" });
  await people.getByRole("button", { name: "重发邀请 li-si" }).click();
  const renewed = people.getByLabel("邀请链接", { exact: true });
  await renewed.waitFor();
  assert.notEqual(await renewed.inputValue(), await link.inputValue(), "a new link, the old one no longer works");
  const changed = page.waitForResponse((res) => res.request().method() === "PATCH" && res.status() === 200);
  await people.getByLabel("更改 li-si 的角色").selectOption("operator_admin");
  await changed;
  await people.getByRole("button", { name: "停用 li-si" }).click();
  await people.getByText("确定停用 li-si 吗？").waitFor();
  await people.getByRole("button", { name: "确认停用" }).click();
  await people.getByRole("button", { name: "启用", exact: true }).waitFor();
  await page.reload();
  const managed = await page.getByRole("row", { name: /li-si/ }).textContent() ?? "";
  assert.match(managed, /商圈管理员/);
  assert.match(managed, /已停用/);

  // API keys: no permission chosen is a field error; then the token is shown once and can be copied.
  await page.getByRole("link", { name: "接口密钥" }).click();
  await page.waitForURL(`${t.url}/console/api-keys`);
  await page.getByText("还没有密钥。").waitFor();
  await page.getByLabel("名称", { exact: true }).fill("1 号门客流相机");
  await page.getByRole("button", { name: "创建密钥" }).click();
  await page.locator("#key-permissions-error").waitFor();
  await page.getByLabel("上报数据（客流、销售、停车等）").check();
  await page.getByRole("button", { name: "创建密钥" }).click();
  const token = page.getByLabel("密钥", { exact: true });
  await token.waitFor();
  assert.match(await token.inputValue(), /^dk_/);
  await page.getByRole("button", { name: "复制" }).click();
  await page.getByRole("status").getByText("已复制").waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), await token.inputValue());

  await page.reload();
  assert.equal(await page.getByLabel("密钥", { exact: true }).count(), 0, "the token is not shown again");
  await page.getByRole("button", { name: "撤销 1 号门客流相机" }).click();
  await page.getByText("确定撤销“1 号门客流相机”吗？").waitFor();
  await page.getByRole("button", { name: "确认撤销" }).click();
  await page.getByText("已撤销", { exact: true }).waitFor();
});
