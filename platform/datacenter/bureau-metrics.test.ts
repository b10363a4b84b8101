/**
 * GET /api/v1/bureau/metrics: only the officer's districts, district aggregates only, small sales cells suppressed.
 *
 * The Xuzhou bureau has districts A, B and C; the other bureau has D. On day D0 (10 days ago): A's three stores sell
 * 10,000, 20,000 and 30,000 fen (300 in at the entrances), B's one store 5,000 (50 in), C's four stores 1,000 each
 * (400 in; 200 in a year earlier). B has fewer than k = 3 reporting stores: blanked. A is then the only other
 * blank candidate in a table with a published total, and the smallest published one: blanked too, so that the
 * total minus C cannot give B back. C is published.
 */
import assert from "node:assert/strict";
import { sql } from "kysely";
import { withPlatform } from "../db/tenant.ts";
import { createPlatformPerson } from "../identity/onboarding/test-support.ts";
import { provisionTenants } from "../identity/provision.ts";
import { createTestApp } from "../../tests/support/app.ts";
import { TestClient } from "../../tests/support/http.ts";
import { createStore, createUser } from "../../tests/support/identity.ts";
import { TEST_PLAN } from "../../tests/support/tenants.ts";
import { openTestDatabase } from "../../tests/support/test-db.ts";
import { createApiKey } from "../identity/api-keys.ts";
import { API_KEY_PERMISSIONS } from "../identity/permissions.ts";
import type { Principal } from "../identity/principal.ts";
import { executeJob } from "../jobs/runner.ts";
import { addDays, at, localDay, rangeQuery, yearBefore } from "./metrics-test-days.ts";
import { rollupJob } from "./rollup-job.ts";
import type { RollupReport } from "./rollup.ts";

const D0 = localDay(-10);
const PERIOD = rangeQuery(at(D0, "00:00"), at(addDays(D0, 1), "00:00"));

async function setup() {
  const database = await openTestDatabase();
  const slugs = ["district-a", "district-b", "district-c", "district-d"];
  const report = await provisionTenants(database.db, {
    plans: [TEST_PLAN],
    tenants: slugs.map((slug, i) => ({
      slug,
      name: { zh: `测试商圈${i + 1}`, en: `Test district ${i + 1}` },
      city: "徐州市",
      plan: TEST_PLAN.id,
      timeZone: "Asia/Shanghai",
      plugins: [],
    })),
    bureaus: [
      {
        slug: "xuzhou-bureau",
        name: { zh: "徐州市商务局", en: "Xuzhou bureau" },
        city: "徐州市",
        districts: ["district-a", "district-b", "district-c"],
      },
      {
        slug: "other-bureau",
        name: { zh: "其他商务局", en: "Other bureau" },
        city: "其他市",
        districts: ["district-d"],
      },
    ],
  });
  const [a, b, c, d] = slugs.map((slug) => report.tenantIds[slug]);
  const testApp = await createTestApp(database, { logLevel: "error", jobs: [rollupJob] });
  const stores: Record<string, string[]> = {};
  const send = async (tenantId: string, events: unknown[]) => {
    const creator = { kind: "user", actor: "user:test", tenantId, permissions: new Set() } as unknown as
      & Principal
      & { tenantId: string };
    const { token } = await createApiKey(database.db, creator, { name: "POS", permissions: ["events:write"] }, [
      ...API_KEY_PERMISSIONS,
    ]);
    const res = await new TestClient(testApp.app, token).post("/api/v1/events", { events });
    if (res.status !== 200) throw new Error(`events refused: ${await res.text()}`);
  };
  const sales = async (tenantId: string, key: string, amounts: number[], footfallIn: number) => {
    stores[key] = [];
    const events: unknown[] = [
      { type: "footfall", id: "f", counterId: "gate", zone: "1F", in: footfallIn, out: 0, at: at(D0, "12:00") },
    ];
    for (const [i, amountFen] of amounts.entries()) {
      const store = await createStore(database, tenantId, `${key}${i + 1}`);
      stores[key].push(store);
      events.push({
        type: "sale",
        id: `s${i}`,
        storeId: store,
        receiptId: `s${i}`,
        amountFen,
        paymentMethod: "cash",
        at: at(D0, "12:30"),
      });
    }
    await send(tenantId, events);
  };
  await sales(a, "a", [10_000, 20_000, 30_000], 300);
  await sales(b, "b", [5_000], 50);
  await sales(c, "c", [1_000, 1_000, 1_000, 1_000], 400);
  await sales(d, "d", [8_000, 8_000, 8_000], 90);
  await send(c, [
    { type: "footfall", id: "y", counterId: "gate", zone: "1F", in: 200, out: 0, at: at(yearBefore(D0), "12:00") },
  ]);
  const adminC = new TestClient(testApp.app);
  const person = await createUser(database, c, "operator_admin");
  await adminC.signIn(person.login, person.password);
  const put = await adminC.request("PUT", "/api/v1/district/units", {
    units: [
      { code: "1", floor: "1F", areaM2: 10, occupancies: [{ storeId: stores.c[0], since: "2020-01-01" }] },
      { code: "2", floor: "1F", areaM2: 10, occupancies: [] },
    ],
  });
  if (put.status !== 200) throw new Error(`units refused: ${await put.text()}`);
  for (const tenantId of [a, b, c, d]) {
    const target = BigInt(
      (await sql<{ id: string }>`select pg_current_xact_id()::text as id`.execute(database.db))
        .rows[0].id,
    );
    for (let tries = 0;; tries++) {
      const run = await executeJob(
        { db: database.db, log: testApp.log, jobs: [], schedules: [] },
        rollupJob as never,
        { input: {}, tenantId, jobId: crypto.randomUUID(), attempt: 1 },
      ) as RollupReport;
      if (BigInt(run.to) > target) break;
      if (tries > 300) throw new Error("the rollup did not catch up");
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const signIn = async (role: "bureau_officer" | "platform_admin", bureau?: string) => {
    const who = await createPlatformPerson(database, role, bureau);
    const client = new TestClient(testApp.app);
    assert.equal((await client.signIn(who.login, who.password)).status, 200);
    return client;
  };
  return {
    database,
    testApp,
    ids: { a, b, c, d },
    stores,
    signIn,
    adminC,
    [Symbol.asyncDispose]: async () => {
      await testApp.jobs.close();
      await database.close();
    },
  };
}

Deno.test("a bureau sees its districts' aggregates with small sales cells suppressed, and no store", async () => {
  await using t = await setup();
  const officer = await t.signIn("bureau_officer", "xuzhou-bureau");
  const res = await officer.get(`/api/v1/bureau/metrics?${PERIOD}`);
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.k, 3);
  assert.deepEqual(body.districts.map((d: { slug: string }) => d.slug), ["district-a", "district-b", "district-c"]);
  const [a, b, c] = body.districts;
  const blank = {
    reportingStores: null,
    transactions: null,
    netSalesFen: null,
    avgTicketFen: null,
    conversion: null,
    salesPerM2Fen: null,
    salesPerStaffFen: null,
    suppressed: true,
  };
  const sales = (d: Record<string, unknown>) => Object.fromEntries(Object.keys(blank).map((k) => [k, d[k]]));
  assert.deepEqual(sales(b), blank, "one reporting store: below k");
  assert.deepEqual(sales(a), blank, "the second blank, so the total cannot give B back");
  assert.deepEqual(sales(c), {
    reportingStores: 4,
    transactions: 4,
    netSalesFen: 4_000,
    avgTicketFen: 1_000,
    conversion: 0.01, // 4 ÷ 400
    salesPerM2Fen: null, // no store has an area on record
    salesPerStaffFen: null,
    suppressed: false,
  });
  assert.deepEqual([a.footfallIn, b.footfallIn, c.footfallIn], [300, 50, 400], "footfall is not suppressed");
  assert.deepEqual([a.activeStores, b.activeStores, c.activeStores], [3, 1, 4]);
  assert.deepEqual(c.vacancy, { units: 2, vacant: 1, rate: 0.5 });
  assert.equal(c.yearAgo.footfallIn, 200);
  assert.equal(c.yearAgo.suppressed, true, "no sales a year ago: nothing to publish");
  assert.deepEqual(c.change.yoy, { footfallIn: 1, netSalesFen: null });
  assert.deepEqual(body.totals, {
    footfallIn: 750,
    dwellMinutes: null,
    reportingStores: 8,
    transactions: 8,
    netSalesFen: 69_000,
    avgTicketFen: 8_625, // 69,000 ÷ 8
    conversion: 0.0107, // 8 ÷ 750
    salesPerM2Fen: null,
    salesPerStaffFen: null,
    suppressed: false,
    vacancy: { units: 2, vacant: 1, rate: 0.5 },
  });
  const text = JSON.stringify(body);
  for (const store of Object.values(t.stores).flat()) assert.ok(!text.includes(store), "no store id in the answer");
  assert.ok(!text.includes(t.ids.d), "nothing of another bureau's district");

  const logged = await withPlatform(
    t.database.db,
    { actor: "system:test", purpose: "read the access log" },
    (tx) =>
      tx.selectFrom("core.platform_access_log").select(["actor", "purpose"])
        .where("purpose", "=", "bureau district metrics").execute(),
  );
  assert.equal(logged.length, 1, "the cross-district read is recorded");
  assert.match(logged[0].actor, /^user:/);
});

Deno.test("bureau metrics: another bureau sees only its own district; district people and strangers are refused", async () => {
  await using t = await setup();
  const other = await t.signIn("bureau_officer", "other-bureau");
  const body = await (await other.get(`/api/v1/bureau/metrics?${PERIOD}`)).json();
  assert.deepEqual(body.districts.map((d: { slug: string }) => d.slug), ["district-d"]);
  // Three stores: at k, published; one district alone, its total equals it and is published with it.
  assert.deepEqual([body.districts[0].netSalesFen, body.districts[0].suppressed], [24_000, false]);
  assert.equal(body.totals.netSalesFen, 24_000);

  const platform = await t.signIn("platform_admin");
  const all = await (await platform.get(`/api/v1/bureau/metrics?${PERIOD}`)).json();
  assert.equal(all.districts.length, 4, "platform admins see every district, as in the bureau overview");

  assert.equal((await t.adminC.get(`/api/v1/bureau/metrics?${PERIOD}`)).status, 403, "an operator is no bureau");
  assert.equal((await new TestClient(t.testApp.app).get(`/api/v1/bureau/metrics?${PERIOD}`)).status, 401);
  const backwards = await other.get(`/api/v1/bureau/metrics?${rangeQuery(at(D0, "10:00"), at(D0, "09:00"))}`);
  assert.equal(backwards.status, 422);
  assert.equal((await backwards.json()).errors[0].field, "to");
});

Deno.test("the bureau page shows the last 30 days' figures, small sales cells hidden", async () => {
  await using t = await setup();
  const officer = await t.signIn("bureau_officer", "xuzhou-bureau");
  const res = await officer.get("/console/bureau");
  assert.equal(res.status, 200);
  const html = await res.text();
  const table = /<table class="cards" data-testid="bureau-figures">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? "";
  const row = (name: string) => new RegExp(`<tr><th scope="row">${name}</th>([\\s\\S]*?)</tr>`).exec(table)?.[1] ?? "";
  assert.match(row("测试商圈3"), />400<\/td>/, "C's footfall");
  assert.match(row("测试商圈3"), />¥40\.00<\/td>/, "C's sales, published");
  assert.match(row("测试商圈3"), />50%<\/td>/, "C's vacancy");
  assert.match(row("测试商圈2"), /已隐藏/, "B's sales hidden");
  assert.doesNotMatch(row("测试商圈2"), /¥50\.00/);
  assert.match(row("测试商圈1"), /已隐藏/, "A's too, so the total does not give B away");
  assert.match(row("合计"), />¥690\.00<\/td>/);
  assert.doesNotMatch(table, /测试商圈4/, "another bureau's district");
  assert.match(html, /少于 3 家时隐藏/);
});
