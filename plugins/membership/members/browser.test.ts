/**
 * In a real browser on a phone: a shopper joins by SMS code on the district's page (ticking "send me offers"),
 * shows the card, whose code a cashier's till accepts, and fills in a birthday that comes back masked.
 */
import assert from "node:assert/strict";
import { openBrowser, PHONE, serveApp } from "../../../tests/support/browser.ts";
import { base, membershipTestBed } from "../test-support.ts";
import { startTestGateway } from "./test-gateway.ts";

const SHOTS = Deno.env.get("SCREENSHOT_DIR");

Deno.test("member in the browser: join by SMS code, show the card at the till, add a birthday", async () => {
  await using gateway = startTestGateway();
  await using bed = await membershipTestBed({ config: { membersSmsGatewayUrl: gateway.url } });
  const store = await bed.store("home", "星巴克彭城店");
  await using server = serveApp(bed.app.app);
  await using phone = await openBrowser({ viewport: PHONE });
  const page = phone.page;

  await page.goto(`${server.url}/d/home/membership?store=${store}`);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/membership-join.png`, fullPage: true });
  const codeForm = page.locator("form").filter({ has: page.getByRole("button", { name: "发送验证码" }) });
  await codeForm.getByLabel("手机号").fill("138 0013 8000");
  await codeForm.getByRole("button", { name: "发送验证码" }).click();
  await page.getByText("验证码已发送").waitFor();
  const code = gateway.codeFor("13800138000");

  const signInForm = page.locator("form").filter({ has: page.getByRole("button", { name: "登录 / 加入会员" }) });
  await signInForm.getByLabel("手机号").fill("13800138000");
  await signInForm.getByLabel("短信验证码").fill(code === "000000" ? "111111" : "000000");
  await signInForm.getByRole("button", { name: "登录 / 加入会员" }).click();
  await signInForm.getByText("the code is not right").waitFor();
  await signInForm.getByLabel("短信验证码").fill(code);
  await signInForm.getByLabel(/我愿意接收商圈及门店的优惠信息/).check();
  await signInForm.getByRole("button", { name: "登录 / 加入会员" }).click();
  await page.getByRole("heading", { name: "欢迎回来" }).waitFor();
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/membership-welcome.png`, fullPage: true });

  await page.getByRole("link", { name: "出示会员卡" }).click();
  await page.getByRole("heading", { name: "会员卡" }).waitFor();
  const qr = page.getByRole("img", { name: "会员码二维码" });
  await qr.waitFor();
  assert.ok((await qr.boundingBox())!.width >= 200, "the QR code is big enough to scan");
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/membership-card.png`, fullPage: true });
  const shown = (await page.getByLabel("会员码").textContent())!.replace(/[\s·]/g, "");
  assert.match(shown, /^[0-9]{18}$/);
  const cashier = await bed.signIn("store_staff", "home", store);
  const resolved = await cashier.post(`${base}/cards/resolve`, { code: shown });
  assert.equal(resolved.status, 200, await resolved.clone().text());
  assert.deepEqual(
    { mobile: (await resolved.json()).mobile },
    { mobile: "138****8000" },
  );

  await page.getByRole("link", { name: "我的资料" }).click();
  await page.getByRole("heading", { name: "我的资料" }).waitFor();
  assert.equal(await page.getByText("你已同意接收优惠信息。").count(), 1);
  const profileForm = page.locator("form").filter({ has: page.getByLabel("生日") });
  await profileForm.getByLabel("生日").fill("1990-02-30");
  await profileForm.getByRole("button", { name: "保存" }).click();
  await profileForm.getByText(/day must be 1–28/).waitFor();
  await profileForm.getByLabel("生日").fill("1990-03-15");
  await profileForm.getByRole("button", { name: "保存" }).click();
  await page.getByText("1990-**-**").waitFor();
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/membership-profile.png`, fullPage: true });

  const storesJoined = await bed.inDistrict((tx) =>
    tx.selectFrom("plugin_membership.store_members").select(["store_id", "via"]).execute()
  );
  assert.deepEqual(storesJoined, [{ store_id: store, via: "signup" }], "joined the store whose QR code was scanned");
});
