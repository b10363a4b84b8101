/**
 * Plugins in the console over HTTP: /console/plugins (who may look, who may switch, the audit entries), and a
 * plugin's own pages — the satisfaction plugin's operator page and consumer page — which answer 404 and have no
 * navigation entry in a district that has not enabled the plugin.
 */
import assert from "node:assert/strict";
import { sql } from "kysely";
import { withTenant } from "../platform/db/tenant.ts";
import { provisionTenants } from "../platform/identity/provision.ts";
import type { TenantRole } from "../platform/identity/schema.ts";
import { installedPlugins } from "../plugins/mod.ts";
import { createTestApp } from "./support/app.ts";
import { TestClient } from "./support/http.ts";
import { createStore, createUser } from "./support/identity.ts";
import { openTestDatabase } from "./support/test-db.ts";

async function setup() {
  const database = await openTestDatabase();
  const district = (slug: string, plan: string, zh: string) => ({
    slug,
    name: { zh, en: slug },
    city: "徐州市",
    plan,
    timeZone: "Asia/Shanghai",
    plugins: [],
  });
  const report = await provisionTenants(database.db, {
    plans: [
      { id: "with", name: { zh: "含", en: "With" }, plugins: ["satisfaction"] },
      { id: "without", name: { zh: "不含", en: "Without" }, plugins: [] },
    ],
    tenants: [
      district("district-a", "with", "甲商圈"),
      district("district-b", "with", "乙商圈"),
      district("district-c", "without", "丙商圈"),
    ],
  });
  const testApp = await createTestApp(database, { plugins: installedPlugins, logLevel: "error" });
  const ids = {
    a: report.tenantIds["district-a"],
    b: report.tenantIds["district-b"],
    c: report.tenantIds["district-c"],
  };
  const signIn = async (district: keyof typeof ids, role: TenantRole) => {
    const organisationId = role.startsWith("store") ? await createStore(database, ids[district]) : undefined;
    const user = await createUser(database, ids[district], role, { organisationId });
    const client = new TestClient(testApp.app);
    await client.signIn(user.login, user.password);
    return client;
  };
  return {
    database,
    app: testApp.app,
    ids,
    signIn,
    [Symbol.asyncDispose]: async () => {
      await testApp.jobs.close();
      await database.close();
    },
  };
}

function navLinks(html: string): string[] {
  const nav = /<nav class="main-nav"[^>]*>([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? "";
  return [...nav.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
}

function unescapeAttribute(value: string): string {
  return value.replaceAll("&quot;", '"').replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");
}

function islandsOf(html: string, name: string): Record<string, unknown>[] {
  return [...html.matchAll(new RegExp(`data-island="${name}" data-props="([^"]*)"`, "g"))]
    .map((m) => JSON.parse(unescapeAttribute(m[1])));
}

async function page(client: TestClient, path: string): Promise<{ status: number; html: string }> {
  const res = await client.get(path);
  return { status: res.status, html: await res.text() };
}

Deno.test("/console/plugins: operators see every plugin and its facts; only plugins:manage gets the switches", async () => {
  await using t = await setup();
  const admin = await t.signIn("a", "operator_admin");
  const staff = await t.signIn("a", "operator_staff");
  const owner = await t.signIn("a", "store_owner");

  const anonymous = await new TestClient(t.app).get("/console/plugins");
  assert.equal(anonymous.status, 302);
  assert.equal(anonymous.headers.get("location"), "/login?next=%2Fconsole%2Fplugins");
  const refused = await page(owner, "/console/plugins");
  assert.equal(refused.status, 403);
  assert.ok(!navLinks(refused.html).includes("/console/plugins"), "no entry for those who may not open it");

  const seen = await page(admin, "/console/plugins");
  assert.equal(seen.status, 200);
  assert.ok(navLinks(seen.html).includes("/console/plugins"));
  assert.match(seen.html, /<h2 id="plugin-satisfaction-title">满意度调查<\/h2>/);
  assert.match(seen.html, /消费者对商圈和门店的满意度调查/, "the description");
  assert.match(seen.html, /<dd>1\.0\.0<\/dd>/, "the version");
  assert.match(seen.html, /发布事件、写入审计日志/, "the capabilities it uses");
  assert.match(seen.html, /商圈指标第 25 项：消费者满意度调查结果/, "the indicator items it gives evidence for");
  assert.match(seen.html, /<dd>包含<\/dd>/, "the plan allows it");
  assert.match(seen.html, /未启用/);
  const [switchProps] = islandsOf(seen.html, "PluginSwitch");
  assert.equal(switchProps.id, "satisfaction");
  assert.equal(switchProps.enabled, false);
  assert.deepEqual(
    (switchProps.configSchema as { properties: Record<string, { default: unknown }> }).properties.targetPercent
      .default,
    85,
    "the settings form is made from the plugin's schema, with its defaults",
  );

  const looked = await page(staff, "/console/plugins");
  assert.equal(looked.status, 200);
  assert.deepEqual(islandsOf(looked.html, "PluginSwitch"), [], "staff may look, not switch");

  const otherPlan = await page(await t.signIn("c", "operator_admin"), "/console/plugins");
  assert.match(otherPlan.html, /不包含（如需使用，请联系平台调整套餐）/);
  assert.deepEqual(islandsOf(otherPlan.html, "PluginSwitch"), [], "nothing to switch on outside the plan");
});

Deno.test("a plugin's console page answers 404 and has no nav entry until the district enables it", async () => {
  await using t = await setup();
  const admin = await t.signIn("a", "operator_admin");
  const staff = await t.signIn("a", "operator_staff");
  const owner = await t.signIn("a", "store_owner");
  const adminB = await t.signIn("b", "operator_admin");
  const path = "/console/plugins/satisfaction";

  const before = await page(admin, path);
  assert.equal(before.status, 404);
  assert.match(before.html, /页面不存在/);
  assert.ok(!navLinks(before.html).includes(path));

  assert.equal(
    (await admin.post("/api/v1/district/plugins/satisfaction/enable", { config: { targetPercent: 90 } }))
      .status,
    200,
  );
  const after = await page(admin, path);
  assert.equal(after.status, 200);
  assert.ok(navLinks(after.html).includes(path), "the manifest's nav entry appears where the plugin is on");
  assert.match(after.html, /本商圈的目标：不低于 90%/, "the district's own target");
  assert.match(after.html, /还没有调查。/);
  const [form] = islandsOf(after.html, "ApiForm");
  assert.equal(form.action, "/api/v1/plugins/satisfaction/surveys", "holders of satisfaction:manage may open one");

  const staffView = await page(staff, path);
  assert.equal(staffView.status, 200);
  assert.ok(navLinks(staffView.html).includes(path));
  assert.deepEqual(islandsOf(staffView.html, "ApiForm"), [], "staff read, they do not open surveys");
  const ownerView = await page(owner, path);
  assert.equal(ownerView.status, 403);
  assert.ok(!navLinks(ownerView.html).includes(path));

  const elsewhere = await page(adminB, path);
  assert.equal(elsewhere.status, 404, "district B has not enabled it");
  assert.ok(!navLinks(elsewhere.html).includes(path));
  assert.equal((await page(adminB, "/console")).html.includes(path), false, "nor on B's home page");

  // The rate and the answers per rating, and the consumer address of an open survey.
  const { id } = await (await admin.post("/api/v1/plugins/satisfaction/surveys", { title: "十一月商圈满意度" })).json();
  const consumer = new TestClient(t.app);
  for (const rating of [5, 4, 3, 1]) {
    await consumer.post(`/api/v1/plugins/satisfaction/public/district-a/surveys/${id}/responses`, { rating });
  }
  const results = await page(admin, path);
  assert.match(results.html, /满意度 75\.0%/);
  assert.match(results.html, /未达标/);
  const [link] = islandsOf(results.html, "CopyText");
  assert.equal(link.text, `http://localhost/d/district-a/satisfaction/${id}`);

  // Disabled again: 404 and no entry; the switches and the audit list on /console/plugins show both changes.
  assert.equal((await admin.post("/api/v1/district/plugins/satisfaction/disable")).status, 200);
  const gone = await page(admin, path);
  assert.equal(gone.status, 404);
  assert.ok(!navLinks(gone.html).includes(path));
  const plugins = await page(admin, "/console/plugins?disabled=satisfaction");
  assert.match(plugins.html, /已停用“满意度调查”。/);
  const audit = /<section aria-labelledby="plugin-audit-title">([\s\S]*?)<\/section>/.exec(plugins.html)?.[1] ?? "";
  assert.match(audit, /停用[\s\S]*启用/, "newest first: disabled, then enabled");
  assert.match(audit, /targetPercent: 90/, "with the settings it was enabled with");
});

Deno.test("the consumer page: public, without the console frame, 404 where the plugin is off, a message once closed", async () => {
  await using t = await setup();
  const admin = await t.signIn("a", "operator_admin");
  await admin.post("/api/v1/district/plugins/satisfaction/enable");
  const { id } = await (await admin.post("/api/v1/plugins/satisfaction/surveys", { title: "门店服务调查" })).json();
  const consumer = new TestClient(t.app);

  const open = await page(consumer, `/d/district-a/satisfaction/${id}`);
  assert.equal(open.status, 200);
  assert.match(open.html, /<h1>门店服务调查<\/h1>/);
  assert.deepEqual(navLinks(open.html), [], "no console navigation");
  assert.doesNotMatch(open.html, /href="\/login"/, "no sign-in link for shoppers");
  const [form] = islandsOf(open.html, "ApiForm");
  assert.equal(form.action, `/api/v1/plugins/satisfaction/public/district-a/surveys/${id}/responses`);
  const rating = (form.fields as { name: string; options?: { label: string }[] }[])[0];
  assert.deepEqual(rating.options?.map((o) => o.label), ["非常满意", "满意", "基本满意", "不满意", "非常不满意"]);
  assert.match(open.html, /type="radio" name="rating" value="5"/, "the buttons are in the server's HTML");

  const english = await consumer.request("GET", `/d/district-a/satisfaction/${id}`, undefined, {
    "accept-language": "en-US",
  });
  assert.match(await english.text(), /Very dissatisfied/);

  assert.equal((await consumer.get(`/d/district-b/satisfaction/${id}`)).status, 404, "B has not enabled it");
  assert.equal((await consumer.get(`/d/district-c/satisfaction/${id}`)).status, 404, "C's plan lacks it");
  assert.equal((await consumer.get(`/d/nowhere/satisfaction/${id}`)).status, 404);
  const wrongId = await page(consumer, "/d/district-a/satisfaction/not-a-survey");
  assert.equal(wrongId.status, 404);
  assert.match(wrongId.html, /找不到这个调查/);
  assert.equal((await consumer.get("/d/district-a/elsewhere")).status, 404);

  await withTenant(
    t.database.db,
    t.ids.a,
    (tx) => sql`update plugin_satisfaction.surveys set status = 'closed' where id = ${id}`.execute(tx),
  );
  const closed = await page(consumer, `/d/district-a/satisfaction/${id}`);
  assert.equal(closed.status, 200);
  assert.match(closed.html, /本次调查已结束/);
  assert.deepEqual(islandsOf(closed.html, "ApiForm"), []);

  await admin.post("/api/v1/district/plugins/satisfaction/disable");
  assert.equal((await consumer.get(`/d/district-a/satisfaction/${id}`)).status, 404, "off again: gone");
});
