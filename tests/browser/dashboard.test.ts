/**
 * The dashboards in a real browser, on the demo districts with generated data: the demo operator sees the key
 * figures, the per-store table and the forecast method exactly as the metrics API gives them, switches to 30 days
 * and downloads the period's sales as a CSV Excel can open; the demo store owner sees their own store's figures on a
 * phone, and neither the page nor the API shows them another store.
 *
 * SCREENSHOT_DIR=/tmp/shots saves screenshots of each step (for looking at, not committed).
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { sql } from "kysely";
import { rollupJob } from "../../platform/datacenter/rollup-job.ts";
import type { RollupReport } from "../../platform/datacenter/rollup.ts";
import { executeJob } from "../../platform/jobs/runner.ts";
import { seedDemoDistrict, yesterdayInChina } from "../../platform/datacenter/demo/seed.ts";
import { DEMO_PASSWORD, loadDemoAccounts, provisionDemoAccounts } from "../../platform/identity/demo-accounts.ts";
import { provisionTenants } from "../../platform/identity/provision.ts";
import { loadTenantCatalogue } from "../../platform/identity/tenant-definitions.ts";
import { createTestApp } from "../support/app.ts";
import { openBrowser, PHONE, scrollsSideways, serveApp } from "../support/browser.ts";
import { openTestDatabase } from "../support/test-db.ts";

const SHOTS = Deno.env.get("SCREENSHOT_DIR");
const OWN_STORE = "金鹰百货彭城店";

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** The period the page means by "the last n days": n days ending yesterday, in Asia/Shanghai. */
function lastDays(n: number): string {
  const last = yesterdayInChina();
  const from = encodeURIComponent(`${addDays(last, 1 - n)}T00:00:00+08:00`);
  return `from=${from}&to=${encodeURIComponent(`${addDays(last, 1)}T00:00:00+08:00`)}`;
}

const count = (n: number) => new Intl.NumberFormat("zh-CN", { maximumFractionDigits: 1 }).format(n);
const money = (fen: number) =>
  new Intl.NumberFormat("zh-CN", { style: "currency", currency: "CNY", minimumFractionDigits: 2 }).format(fen / 100);

async function signIn(page: Page, url: string, login: string) {
  await page.goto(`${url}/login`);
  await page.getByLabel("登录名", { exact: true }).fill(login);
  await page.getByLabel("密码", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL(`${url}/console`);
}

const kpi = (page: Page, id: string) => page.locator(`[data-kpi="${id}"] .kpi-value`).textContent();

async function api<T>(page: Page, url: string, path: string): Promise<{ status: number; body: T }> {
  const res = await page.request.get(`${url}${path}`);
  return { status: res.status(), body: await res.json() as T };
}

interface SummaryAnswer {
  footfallIn: number;
  transactions: number;
  netSalesFen: number;
  avgTicketFen: number | null;
}

Deno.test("the demo operator and store owner see the figures the API gives, each only what they may see", async () => {
  await using database = await openTestDatabase();
  const report = await provisionTenants(database.db, await loadTenantCatalogue());
  await provisionDemoAccounts(database.db, await loadDemoAccounts(), report.tenantIds);
  const xuzhou = report.tenantIds["xuzhou-pengcheng"];
  await using testApp = await createTestApp(database, { logLevel: "error", jobs: [rollupJob] });
  const seeded = await seedDemoDistrict(database.db, testApp.keys, xuzhou, { days: 35 });
  assert.ok(seeded.accepted > 1000, `${seeded.accepted} demo events`);
  // The seed rolls up once; on a shared PostgreSQL server another database's open transaction can hold that run's
  // watermark back, so the rollup job runs until it has covered everything committed so far (as the scheduler would).
  const target = BigInt(
    (await sql<{ id: string }>`select pg_current_xact_id()::text as id`.execute(database.db)).rows[0].id,
  );
  for (let tries = 0;; tries++) {
    const report = await executeJob(
      { db: database.db, log: testApp.log, jobs: [], schedules: [] },
      rollupJob as never,
      { input: {}, tenantId: xuzhou, jobId: crypto.randomUUID(), attempt: 1 },
    ) as RollupReport;
    if (BigInt(report.to) > target) break;
    if (tries > 300) throw new Error("the rollup did not catch up");
    await new Promise((r) => setTimeout(r, 50));
  }
  await using server = serveApp(testApp.app);
  const url = server.url;

  let other = { storeId: "", name: "" };
  // The operator: key figures, stores and forecast as the API has them, for the last 7 days.
  {
    await using browser = await openBrowser();
    const page = browser.page;
    await signIn(page, url, "xuzhou-admin");
    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "经营看板" }).click();
    await page.waitForURL(`${url}/console/dashboard`);
    await page.getByRole("heading", { name: "经营看板", level: 1 }).waitFor();

    const summary = (await api<SummaryAnswer>(page, url, `/api/v1/metrics/summary?${lastDays(7)}`)).body;
    assert.ok(summary.netSalesFen > 0 && summary.footfallIn > 0, "the demo data is in the period");
    assert.equal(await kpi(page, "footfallIn"), count(summary.footfallIn));
    assert.equal(await kpi(page, "transactions"), count(summary.transactions));
    assert.equal(await kpi(page, "netSales"), money(summary.netSalesFen));
    assert.equal(await kpi(page, "avgTicket"), money(summary.avgTicketFen!));

    const stores = (await api<{ stores: { storeId: string; name: string; netSalesFen: number }[] }>(
      page,
      url,
      `/api/v1/metrics/stores?${lastDays(7)}`,
    )).body.stores;
    assert.ok(stores.length >= 2 && stores.some((s) => s.name === OWN_STORE), stores.map((s) => s.name).join());
    other = stores.find((s) => s.name !== OWN_STORE)!;
    for (const store of stores) {
      const row = page.locator(`tr[data-store="${store.storeId}"]`);
      await row.getByRole("link", { name: store.name }).waitFor();
      assert.equal(await row.locator(`td[data-label="净销售额"]`).textContent(), money(store.netSalesFen));
    }

    const forecast = (await api<{ method: { description: { zh: string } } }>(
      page,
      url,
      "/api/v1/metrics/forecast?metric=footfall",
    )).body;
    await page.getByText(`预测方法：${forecast.method.description.zh}`).waitFor();
    // Every chart is drawn by ECharts once its chunk has loaded.
    await page.waitForFunction(() => document.querySelectorAll('.chart-box[data-drawn="true"] svg').length === 6);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/dashboard-operator.png`, fullPage: true });

    // The last 30 days, chosen in the period form.
    await page.getByLabel("周期", { exact: true }).selectOption({ label: "最近 30 天" });
    await page.getByRole("button", { name: "查看" }).click();
    await page.waitForURL(/period=30d/);
    const month = (await api<SummaryAnswer>(page, url, `/api/v1/metrics/summary?${lastDays(30)}`)).body;
    assert.ok(month.netSalesFen > summary.netSalesFen);
    assert.equal(await kpi(page, "netSales"), money(month.netSalesFen));

    // The period's sales as a file Excel opens in Chinese.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "销售小票" }).click(),
    ]);
    assert.equal(download.suggestedFilename(), `sales_${addDays(yesterdayInChina(), -29)}_${yesterdayInChina()}.csv`);
    const bytes = await Deno.readFile((await download.path())!);
    assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).trim().split("\r\n");
    assert.equal(lines[0], "时间,门店,门店名称,小票号,金额(元),支付方式,退款,原小票号,渠道,会员");
    const sales = lines.slice(1).map((line) => line.split(",")).filter((cells) => cells[6] === "否");
    assert.equal(sales.length, month.transactions, "one line per receipt of the period");
  }

  // The store owner, on a phone: their store's figures only; another store is refused by the page and the API.
  {
    await using browser = await openBrowser({ viewport: PHONE });
    const page = browser.page;
    await signIn(page, url, "xuzhou-store");
    await page.goto(`${url}/console/dashboard`);
    await page.getByRole("heading", { name: `门店看板 · ${OWN_STORE}`, level: 1 }).waitFor();
    const own = (await api<SummaryAnswer & { storeId: string }>(page, url, `/api/v1/metrics/summary?${lastDays(7)}`))
      .body;
    assert.ok(own.storeId && own.storeId !== other.storeId);
    assert.equal(await kpi(page, "netSales"), money(own.netSalesFen));
    assert.equal(await kpi(page, "transactions"), count(own.transactions));
    assert.equal(await page.locator("[data-kpi=vacancy]").count(), 0, "vacancy is the district's figure");
    assert.equal(await page.locator("table.store-figures").count(), 0, "no per-store table");
    const html = await page.content();
    assert.ok(!html.includes(other.name) && !html.includes(other.storeId), "nothing of another store on the page");
    await page.waitForFunction(() => document.querySelectorAll('.chart-box[data-drawn="true"] svg').length === 6);
    assert.equal(await scrollsSideways(page), false, "no sideways scrolling on a phone");
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/dashboard-store-phone.png`, fullPage: true });

    const refused = await page.goto(`${url}/console/dashboard?store=${other.storeId}`);
    assert.equal(refused?.status(), 403);
    await page.getByText("没有访问权限").waitFor();
    for (const path of ["summary", "sales", "footfall"]) {
      const extra = path === "summary" ? "" : "&granularity=day";
      const answer = await page.request.get(
        `${url}/api/v1/metrics/${path}?${lastDays(7)}&storeId=${other.storeId}${extra}`,
      );
      assert.equal(answer.status(), 403, path);
    }
    assert.equal((await page.request.get(`${url}/api/v1/metrics/stores?${lastDays(7)}`)).status(), 403);
    assert.equal(
      (await page.request.get(`${url}/api/v1/exports/sales.csv?${lastDays(7)}&storeId=${other.storeId}`)).status(),
      403,
    );
  }
});
