/**
 * The dashboard page on the server: each role gets the figures of what it may see (operators the district or a
 * chosen store, store users their own store), a wrong custom period is answered beside its field, and the download
 * links follow the period and the data:export permission.
 */
import assert from "node:assert/strict";
import { daysAgo } from "../../datacenter/csv/test-support.ts";
import { datacenterSetup } from "../../datacenter/test-helpers.ts";

function kpi(html: string, id: string): string | undefined {
  return new RegExp(`data-kpi="${id}"[^>]*><dt>[^<]*</dt><dd class="kpi-value">([^<]*)</dd>`).exec(html)?.[1];
}

async function seeded() {
  const t = await datacenterSetup();
  const at = (n: number, time: string) => `${daysAgo(n)}T${time}:00+08:00`;
  const sale = (id: string, storeId: string, amountFen: number, n: number) => ({
    type: "sale",
    id,
    storeId,
    receiptId: id,
    amountFen,
    paymentMethod: "wechat",
    at: at(n, "12:00"),
  });
  const res = await (await t.keyClient(t.a)).post("/api/v1/events", {
    events: [
      sale("a1-1", t.stores.a1, 10_000, 2),
      sale("a1-2", t.stores.a1, 5_050, 3),
      sale("a2-1", t.stores.a2, 70_000, 2),
      sale("old", t.stores.a1, 99_900, 20),
      { type: "footfall", id: "f1", counterId: "gate", zone: "1F", in: 300, out: 280, at: at(2, "12:00") },
    ],
  });
  assert.equal(res.status, 200);
  await t.rollup(t.a);
  return t;
}

Deno.test("operators see the district or one store; a store user sees their own store and is refused another", async () => {
  await using t = await seeded();
  const admin = await t.signIn(t.a, "operator_admin");
  const district = await (await admin.get("/console/dashboard")).text();
  assert.equal(kpi(district, "netSales"), "¥850.50", "the last 7 days, both stores, not the older sale");
  assert.equal(kpi(district, "transactions"), "3");
  assert.equal(kpi(district, "footfallIn"), "300");
  assert.match(district, /甲一店/);
  assert.match(district, /甲二店/);
  assert.match(district, /data-island="DashboardChart"/);
  assert.match(district, /\/api\/v1\/exports\/parking\.csv\?/);

  const one = await (await admin.get(`/console/dashboard?store=${t.stores.a2}`)).text();
  assert.equal(kpi(one, "netSales"), "¥700.00");
  assert.match(one, /<h1>经营看板 · 甲二店<\/h1>/);

  const month = await (await admin.get("/console/dashboard?period=30d")).text();
  assert.equal(kpi(month, "netSales"), "¥1,849.50");

  const owner = await t.signIn(t.a, "store_owner", t.stores.a1);
  const own = await (await owner.get("/console/dashboard")).text();
  assert.match(own, /<h1>门店看板 · 甲一店<\/h1>/);
  assert.equal(kpi(own, "netSales"), "¥150.50");
  assert.ok(!own.includes("甲二店") && !own.includes(t.stores.a2), "nothing of the other store");
  assert.ok(!own.includes("parking.csv"), "parking is the district's");
  assert.match(own, /\/api\/v1\/exports\/sales\.csv\?/);
  assert.equal((await owner.get(`/console/dashboard?store=${t.stores.a2}`)).status, 403);

  const staff = await t.signIn(t.a, "store_staff", t.stores.a1);
  const staffPage = await (await staff.get("/console/dashboard")).text();
  assert.equal(kpi(staffPage, "netSales"), "¥150.50");
  assert.ok(!staffPage.includes("/api/v1/exports/"), "no download links without data:export");
});

Deno.test("a custom period is checked beside its fields; a good one is shown with its days", async () => {
  await using t = await seeded();
  const admin = await t.signIn(t.a, "operator_admin");
  const backwards = await (await admin.get(`/console/dashboard?period=custom&from=${daysAgo(2)}&to=${daysAgo(5)}`))
    .text();
  assert.match(backwards, /id="dashboard-to-error">结束日期不能早于开始日期</);
  const future = await (await admin.get(`/console/dashboard?period=custom&from=${daysAgo(2)}&to=${daysAgo(-2)}`))
    .text();
  assert.match(future, /id="dashboard-to-error">不能晚于今天</);
  const nonsense = await (await admin.get("/console/dashboard?period=custom&from=x&to=2026-02-30")).text();
  assert.match(nonsense, /id="dashboard-from-error">请填写有效日期</);
  assert.match(nonsense, /id="dashboard-to-error">请填写有效日期</);

  const chosen = await (await admin.get(`/console/dashboard?period=custom&from=${daysAgo(3)}&to=${daysAgo(3)}`)).text();
  assert.equal(kpi(chosen, "netSales"), "¥50.50");
  assert.match(chosen, new RegExp(`${daysAgo(3)} 至 ${daysAgo(3)}（1 天`));
  const english = await (await admin.request("GET", "/console/dashboard", undefined, { "accept-language": "en-US" }))
    .text();
  assert.match(english, /<h1>Dashboard<\/h1>/);
  assert.equal(kpi(english, "netSales"), "CN¥850.50");
});
