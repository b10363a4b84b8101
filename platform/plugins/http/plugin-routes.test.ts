/** The district's plugin settings over HTTP: listing, enabling with validated settings, disabling, and who may. */
import assert from "node:assert/strict";
import { createTestApp } from "../../../tests/support/app.ts";
import { TestClient } from "../../../tests/support/http.ts";
import { createUser } from "../../../tests/support/identity.ts";
import { createPlatformAdmin } from "../../../tests/support/platform-admin.ts";
import { openTestDatabase } from "../../../tests/support/test-db.ts";
import { installedPlugins } from "../../../plugins/mod.ts";
import { provisionTenants } from "../../identity/provision.ts";

async function setup() {
  const database = await openTestDatabase();
  const report = await provisionTenants(database.db, {
    plans: [
      { id: "with", name: { zh: "含", en: "With" }, plugins: ["satisfaction"] },
      { id: "without", name: { zh: "不含", en: "Without" }, plugins: [] },
    ],
    tenants: [
      {
        slug: "district-a",
        name: { zh: "甲", en: "A" },
        city: "徐州市",
        plan: "with",
        timeZone: "Asia/Shanghai",
        plugins: [],
      },
      {
        slug: "district-b",
        name: { zh: "乙", en: "B" },
        city: "北京市",
        plan: "without",
        timeZone: "Asia/Shanghai",
        plugins: [],
      },
    ],
  });
  const testApp = await createTestApp(database, { plugins: installedPlugins, logLevel: "error" });
  const client = async (tenant: string, role: "operator_admin" | "operator_staff") => {
    const user = await createUser(database, tenant, role);
    const c = new TestClient(testApp.app);
    await c.signIn(user.login, user.password);
    return c;
  };
  return {
    database,
    app: testApp.app,
    a: report.tenantIds["district-a"],
    b: report.tenantIds["district-b"],
    client,
    [Symbol.asyncDispose]: async () => {
      await testApp.jobs.close();
      await database.close();
    },
  };
}

Deno.test("an operator sees the installed plugins and enables one with validated settings", async () => {
  await using t = await setup();
  const admin = await t.client(t.a, "operator_admin");
  const listed = await (await admin.get("/api/v1/district/plugins")).json();
  const satisfaction = listed.items.find((p: { id: string }) => p.id === "satisfaction");
  assert.deepEqual(
    { enabled: satisfaction.enabled, allowedByPlan: satisfaction.allowedByPlan, config: satisfaction.config },
    { enabled: false, allowedByPlan: true, config: null },
  );
  assert.deepEqual(satisfaction.indicators.map((i: { item: number }) => i.item), [25, 26]);

  const invalid = await admin.post("/api/v1/district/plugins/satisfaction/enable", { config: { targetPercent: 120 } });
  assert.equal(invalid.status, 422);
  assert.equal((await invalid.json()).errors[0].field, "config.targetPercent");
  assert.equal((await admin.get("/api/v1/plugins/satisfaction/surveys")).status, 404, "nothing half-applied");

  const enabled = await admin.post("/api/v1/district/plugins/satisfaction/enable", { config: { targetPercent: 90 } });
  assert.equal(enabled.status, 200);
  assert.deepEqual(await enabled.json(), {
    id: "satisfaction",
    enabled: true,
    config: { targetPercent: 90, surveyNewStores: true },
  });
  assert.equal((await admin.get("/api/v1/plugins/satisfaction/surveys")).status, 200, "its routes answer now");
  const me = await (await admin.get("/api/v1/auth/me")).json();
  assert.ok(me.permissions.includes("satisfaction:manage"), "the plugin's permissions reach its roles");

  assert.equal((await admin.post("/api/v1/district/plugins/satisfaction/disable")).status, 200);
  assert.equal((await admin.get("/api/v1/plugins/satisfaction/surveys")).status, 404);
  assert.equal((await admin.post("/api/v1/district/plugins/satisfaction/disable")).status, 409, "already off");
  assert.equal((await admin.post("/api/v1/district/plugins/no-such-thing/enable")).status, 404);
});

Deno.test("the plan decides, staff only look, and districts do not touch each other's plugins", async () => {
  await using t = await setup();
  const adminB = await t.client(t.b, "operator_admin");
  const refused = await adminB.post("/api/v1/district/plugins/satisfaction/enable");
  assert.equal(refused.status, 409);
  assert.match((await refused.json()).detail, /plan "without" does not include satisfaction/);

  const staffA = await t.client(t.a, "operator_staff");
  assert.equal((await staffA.get("/api/v1/district/plugins")).status, 200);
  assert.equal((await staffA.post("/api/v1/district/plugins/satisfaction/enable")).status, 403);
  assert.equal((await new TestClient(t.app).get("/api/v1/district/plugins")).status, 401);

  const adminA = await t.client(t.a, "operator_admin");
  await adminA.post("/api/v1/district/plugins/satisfaction/enable");
  const seenByB = await (await adminB.get("/api/v1/district/plugins")).json();
  assert.equal(seenByB.items.find((p: { id: string }) => p.id === "satisfaction").enabled, false);
});

Deno.test("platform admins see every plugin's failure counters; operators do not", async () => {
  await using t = await setup();
  const platform = await createPlatformAdmin(t.database);
  const admin = new TestClient(t.app);
  await admin.signIn(platform.login, platform.password);
  const res = await admin.get("/api/v1/platform/plugins");
  assert.equal(res.status, 200);
  const item = (await res.json()).items.find((p: { id: string }) => p.id === "satisfaction");
  assert.deepEqual({ routeErrors: item.routeErrors, handlerErrors: item.handlerErrors, jobErrors: item.jobErrors }, {
    routeErrors: 0,
    handlerErrors: 0,
    jobErrors: 0,
  });
  const operator = await t.client(t.a, "operator_admin");
  assert.equal((await operator.get("/api/v1/platform/plugins")).status, 403);
});
