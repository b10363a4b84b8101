/**
 * CSV import in a real browser: a store owner picks a GBK file saved by Excel, sees its first rows in Chinese,
 * imports it and is told how many rows were stored; the same file again is reported as duplicates by row; a file
 * with mistakes is refused whole with each problem's row and column listed, and nothing of it is stored.
 *
 * SCREENSHOT_DIR=/tmp/shots saves screenshots of each step (for looking at, not committed).
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { withTenant } from "../../platform/db/tenant.ts";
import { createTestApp } from "../support/app.ts";
import { openBrowser, PHONE, scrollsSideways, serveApp } from "../support/browser.ts";
import { createStore, createUser } from "../support/identity.ts";
import { createTestTenants } from "../support/tenants.ts";
import { openTestDatabase } from "../support/test-db.ts";

const SHOTS = Deno.env.get("SCREENSHOT_DIR");

/** Yesterday in Asia/Shanghai. */
const DAY = new Date(Date.now() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);

/** Text as Excel's classic "CSV" writes it on a Chinese Windows: GBK, for the characters these files use. */
function gbk(text: string): Uint8Array<ArrayBuffer> {
  const table: Record<string, number[]> = {
    "小": [0xd0, 0xa1],
    "票": [0xc6, 0xb1],
    "号": [0xba, 0xc5],
    "金": [0xbd, 0xf0],
    "额": [0xb6, 0xee],
    "元": [0xd4, 0xaa],
    "支": [0xd6, 0xa7],
    "付": [0xb8, 0xb6],
    "方": [0xb7, 0xbd],
    "式": [0xca, 0xbd],
    "时": [0xca, 0xb1],
    "间": [0xbc, 0xe4],
    "微": [0xce, 0xa2],
    "信": [0xd0, 0xc5],
    "现": [0xcf, 0xd6],
  };
  const bytes: number[] = [];
  for (const char of text) bytes.push(...(table[char] ?? new TextEncoder().encode(char)));
  return new Uint8Array(bytes);
}

Deno.test("a store owner previews a GBK file, imports it, sees duplicates on a second try and problems by row", async () => {
  await using database = await openTestDatabase();
  const [district] = await createTestTenants(database, 1);
  const store = await createStore(database, district, "甲一店");
  const owner = await createUser(database, district, "store_owner", { organisationId: store });
  await using testApp = await createTestApp(database, { logLevel: "error" });
  await using server = serveApp(testApp.app);
  const url = server.url;
  await using browser = await openBrowser({ viewport: PHONE });
  const page = browser.page;
  const shot = async (name: string) => {
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/data-import-${name}.png`, fullPage: true });
  };
  const sales = () =>
    withTenant(
      database.db,
      district,
      (tx) =>
        tx.selectFrom("core.sale_events").select(["store_id", "receipt_id", "amount_fen", "payment_method"])
          .orderBy("receipt_id").execute(),
    );

  await page.goto(`${url}/login`);
  await page.getByLabel("登录名", { exact: true }).fill(owner.login);
  await page.getByLabel("密码", { exact: true }).fill(owner.password);
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL(`${url}/console`);
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "数据导入" }).click();
  await page.waitForURL(`${url}/console/data/import`);
  await page.getByText("导入的数据都记在你的门店“甲一店”名下。").waitFor();

  const file = gbk(`小票号,金额(元),支付方式,时间\r\nR-1,128.50,微信,${DAY} 10:15\r\nR-2,36,现金,${DAY} 11:00\r\n`);
  await page.getByLabel("CSV 文件").setInputFiles({
    name: "销售.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(file),
  });
  await page.getByText("预览（前 2 行，共 2 行，编码 GBK）").waitFor();
  const preview = page.locator(".csv-preview");
  await preview.getByRole("columnheader", { name: "支付方式", exact: true }).waitFor();
  await preview.getByRole("cell", { name: "微信", exact: true }).waitFor();
  assert.equal(await scrollsSideways(page), false, "the preview fits a phone");
  await shot("preview");
  await page.getByRole("button", { name: "导入" }).click();
  await page.getByRole("status").getByText("已导入 2 行（共 2 行）。").waitFor();
  await shot("done");
  assert.deepEqual((await sales()).map((s) => [s.store_id, s.receipt_id, Number(s.amount_fen), s.payment_method]), [
    [store, "R-1", 12_850, "wechat"],
    [store, "R-2", 3_600, "cash"],
  ]);

  await page.getByRole("button", { name: "导入" }).click();
  await page.getByRole("status").getByText("已导入 0 行（共 2 行）。").waitFor();
  await page.getByText("2 行以前已导入过，未重复计入：第 2、3 行。").waitFor();

  const wrong = new TextEncoder().encode(
    `receiptId,amount,paymentMethod,at\nR-3,12.345,wechat,${DAY} 12:00\nR-4,5,bitcoin,${DAY} 12:30\n`,
  );
  await page.getByLabel("CSV 文件").setInputFiles({
    name: "wrong.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(wrong),
  });
  await page.getByText("预览（前 2 行，共 2 行，编码 UTF-8）").waitFor();
  await page.getByRole("button", { name: "导入" }).click();
  const problems = page.getByRole("alert").filter({ hasText: "文件有问题，没有导入任何数据" });
  await problems.waitFor();
  assert.deepEqual(
    await problems.locator("tbody tr").evaluateAll((rows) =>
      rows.map((row) => [...row.querySelectorAll("td")].slice(0, 2).map((td) => td.textContent))
    ),
    [["2", "amount"], ["3", "paymentMethod"]],
  );
  await shot("refused");
  assert.equal((await sales()).length, 2, "nothing of the refused file was stored");
});
