/**
 * Privacy and audit in the console: an operator admin changes a retention period (a period below the minimum is
 * refused beside the field) and the masking settings (previewed as they are typed), exports a person's data as a
 * file, records their consent and erases them, finds all of it in the audit log and verifies the chain; then an audit row edited directly in the
 * database makes the same button name that entry as the first broken link.
 *
 * SCREENSHOT_DIR=/tmp/shots saves screenshots of each step (for looking at, not committed).
 */
import assert from "node:assert/strict";
import { sql } from "kysely";
import { listAudit } from "../../platform/audit/list.ts";
import { recordCheckpoint } from "../../platform/audit/record-checkpoint.ts";
import { asAttacker } from "../../platform/audit/test-helpers.ts";
import { withPlatform, withTenant } from "../../platform/db/tenant.ts";
import { retentionClasses, type RetentionDataClass } from "../../platform/privacy/retention-classes.ts";
import { createTestApp } from "../support/app.ts";
import { openBrowser, PHONE, scrollsSideways, serveApp } from "../support/browser.ts";
import { createUser } from "../support/identity.ts";
import { createTestTenants } from "../support/tenants.ts";
import { openTestDatabase } from "../support/test-db.ts";

const SHOTS = Deno.env.get("SCREENSHOT_DIR");

// A class of its own beside the core's (the raw data-center events), with a short minimum; its table does not exist.
const VISITS: RetentionDataClass = {
  id: "browser_test_visits",
  name: { zh: "测试到访记录", en: "Test visits" },
  table: "core.browser_test_visits_missing",
  timeColumn: "at",
  action: "delete",
  defaultDays: 30,
  minimumDays: 7,
};
if (!retentionClasses.has(VISITS.id)) retentionClasses.register(VISITS);

Deno.test("an operator changes retention and masking, finds both in the audit log, and verification finds a tampered entry", async () => {
  await using database = await openTestDatabase();
  const [district] = await createTestTenants(database, 1);
  const admin = await createUser(database, district, "operator_admin");
  await using testApp = await createTestApp(database, { logLevel: "error" });
  await using server = serveApp(testApp.app);
  const url = server.url;
  await using browser = await openBrowser();
  const page = browser.page;
  const shot = async (name: string) => {
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/audit-privacy-${name}.png`, fullPage: true });
  };

  await page.goto(`${url}/login`);
  await page.getByLabel("登录名", { exact: true }).fill(admin.login);
  await page.getByLabel("密码", { exact: true }).fill(admin.password);
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL(`${url}/console`);

  // Retention: below the minimum is refused beside the field; 14 days is kept.
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "个人信息保护" }).click();
  await page.waitForURL(`${url}/console/privacy`);
  await page.getByRole("link", { name: /保留期限/ }).click();
  await page.waitForURL(`${url}/console/privacy/retention`);
  const visits = page.getByRole("listitem", { name: /测试到访记录/ });
  const days = visits.getByLabel("测试到访记录保留天数");
  assert.equal(await days.inputValue(), "30");
  await days.fill("3");
  await visits.getByRole("button", { name: "保存" }).click();
  await page.locator(`#retention-${VISITS.id}-days-error`).getByText("must be at least 7").waitFor();
  await shot("retention-refused");
  await days.fill("14");
  await visits.getByRole("button", { name: "保存" }).click();
  await visits.getByRole("status").getByText("已保存，现行期限 14 天。").waitFor();
  assert.equal(await page.getByTestId(`retention-${VISITS.id}-setting`).textContent(), "14 天");
  assert.equal(await page.locator(`#retention-${VISITS.id}-days-error`).count(), 0);
  await shot("retention-saved");

  // Masking: the preview follows the form before anything is saved; then saved.
  await page.getByRole("navigation", { name: "个人信息保护的各部分" }).getByRole("link", { name: "脱敏设置" }).click();
  await page.waitForURL(`${url}/console/privacy/masking`);
  const phone = page.getByRole("group", { name: "手机号码" });
  const preview = (type: string) => page.locator(`output[data-preview="${type}"]`);
  assert.equal(await preview("phone").textContent(), "138****5678");
  await phone.getByLabel("保留末尾几位").fill("2");
  await page.waitForFunction(() =>
    document.querySelector('output[data-preview="phone"]')?.textContent === "138******78"
  );
  await phone.getByLabel("保留末尾几位").fill("9");
  await phone.getByText("请填写 0 到 4 之间的整数").waitFor();
  assert.equal(await preview("phone").textContent(), "—", "no preview of a value outside the limits");
  await phone.getByLabel("保留末尾几位").fill("2");
  await page.getByRole("group", { name: "姓名" }).getByLabel("保留名字末尾几个字").fill("1");
  assert.equal(await preview("name").textContent(), "张*丰");
  await page.getByLabel("遮盖字符").fill("•");
  assert.equal(await preview("plate").textContent(), "苏C•••45");
  await page.getByRole("button", { name: "保存设置" }).click();
  await page.getByRole("status").getByText("脱敏设置已保存。").waitFor();
  await shot("masking-saved");
  const masking = await (await page.request.get(`${url}/api/v1/privacy/masking`)).json();
  assert.deepEqual(masking.chosen, { maskChar: "•", phone: { keepEnd: 2 }, name: { keepEnd: 1 } });

  // A person's data, exported as a file.
  await page.getByRole("link", { name: "查询、删除与同意" }).click();
  await page.getByLabel("个人编号", { exact: true }).fill("member-browser-1");
  await page.getByRole("button", { name: "查找" }).click();
  await page.waitForURL(`${url}/console/privacy/requests?subject=member-browser-1`);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "导出个人信息（JSON 文件）" }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^subject-export-[0-9a-f-]+\.json$/);
  const exported = JSON.parse(await Deno.readTextFile((await download.path())!));
  assert.deepEqual([exported.format, exported.subjectId], ["district-platform/subject-export@1", "member-browser-1"]);
  await page.getByRole("status").getByText(`已导出，文件 ${download.suggestedFilename()} 已下载。`).waitFor();
  await page.getByRole("cell", { name: "导出", exact: true }).waitFor();

  // Their consent, recorded from a signed form; then everything erased after typing their id.
  await page.getByLabel("用途", { exact: true }).selectOption({ label: "精准营销" });
  await page.getByLabel("决定", { exact: true }).selectOption({ label: "同意" });
  await page.getByLabel("隐私政策版本").fill("2026-01");
  await page.getByRole("button", { name: "记录", exact: true }).click();
  await page.getByRole("status").getByText("已记录：同意“精准营销”。").waitFor();
  await page.getByRole("row", { name: /^精准营销 已同意/ }).waitFor();
  await page.getByRole("button", { name: "删除个人信息…" }).click();
  const confirmErase = page.getByRole("button", { name: "确认删除" });
  await page.getByLabel("请输入个人编号以确认").fill("member-browser-2");
  assert.equal(await confirmErase.isDisabled(), true, "only the person's own id confirms");
  await page.getByLabel("请输入个人编号以确认").fill("member-browser-1");
  await shot("erase-confirm");
  await confirmErase.click();
  await page.getByRole("status").getByText("已删除，共处理 2 条数据。").waitFor();
  await page.getByText("此人尚未就任何用途作出决定。").waitFor();
  await page.getByRole("cell", { name: "删除", exact: true }).waitFor();
  await shot("erased");

  // A daily checkpoint, signed with the app's key, so verification checks a signature too.
  const platform = <T>(purpose: string, fn: Parameters<typeof withPlatform<T>>[2]) =>
    withPlatform(database.db, { actor: "job:core.audit-checkpoint", purpose }, fn);
  await recordCheckpoint(platform, district, { key: testApp.auditKey, now: new Date(Date.now() + 24 * 3600_000) });

  // The audit log shows both changes and the export; the chain verifies.
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "审计日志" }).click();
  await page.waitForURL(`${url}/console/audit`);
  const rows = page.locator("table.audit-entries tbody tr");
  for (const action of ["retention.policy.set", "privacy.masking.set", "dsr.export", "consent.grant", "dsr.erase"]) {
    await rows.filter({ has: page.getByRole("link", { name: `只看 ${action} 操作` }) }).first().waitFor();
  }
  await page.getByLabel("操作", { exact: true }).fill("privacy.");
  await page.getByRole("button", { name: "筛选" }).click();
  await page.waitForURL(/\/console\/audit\?.*action=privacy\./);
  assert.equal(await rows.count(), 1);
  assert.match(await rows.first().textContent() ?? "", /privacy\.masking\.set[\s\S]*maskChar/);
  await page.getByRole("link", { name: "清除筛选" }).click();
  await page.waitForURL(`${url}/console/audit`);

  await page.getByRole("button", { name: "核验记录链" }).click();
  const verdict = page.getByRole("status").filter({ hasText: "记录链" });
  await verdict.getByText(/^记录链完整：已核验 \d+ 条记录和 1 个已签名检查点。$/).waitFor();
  await shot("audit-verified");

  // Someone with the database's owner password edits one entry: the button names it.
  const retentionEntry = await withTenant(
    database.db,
    district,
    (tx) => listAudit(tx, { action: "retention.policy.set", limit: 1 }),
  );
  const seq = retentionEntry.entries[0].seq;
  await asAttacker(database.db, async (tx) => {
    await sql`update core.audit_log set details = '{"days": 365}'::jsonb
               where tenant_id = ${district} and seq = ${seq}`.execute(tx);
  });
  await page.reload();
  await page.getByRole("button", { name: "核验记录链" }).click();
  await verdict.getByText(`记录链在第 ${seq} 条记录处断开：记录内容与它的哈希不符，记录被改动过。`).waitFor();
  await verdict.getByText(`在此之前的 ${seq - 1} 条记录和 0 个已签名检查点核验无误。`).waitFor();
  assert.equal(await page.locator(`[data-broken-seq="${seq}"]`).count(), 1);
  await shot("audit-broken");

  // On a phone nothing scrolls sideways.
  await page.setViewportSize(PHONE);
  for (const path of ["/console/audit", "/console/privacy/masking", "/console/privacy/retention"]) {
    await page.goto(`${url}${path}`);
    assert.equal(await scrollsSideways(page), false, path);
  }
  await page.goto(`${url}/console/privacy/requests?subject=member-browser-1`);
  assert.equal(await scrollsSideways(page), false, "requests");
  await shot("requests-phone");
  await page.goto(`${url}/console/audit`);
  await shot("audit-phone");
});
