/** The plugin host: manifests checked at boot, per-district enablement, routes, jobs and events of plugins. */
import assert from "node:assert/strict";
import { z } from "@hono/zod-openapi";
import { createUser } from "../../tests/support/identity.ts";
import { TestClient } from "../../tests/support/http.ts";
import { createTestApp } from "../../tests/support/app.ts";
import { openTestDatabase } from "../../tests/support/test-db.ts";
import { withTenant } from "../db/tenant.ts";
import { defineEvent } from "../events/define.ts";
import { dispatchPendingEvents } from "../events/dispatch.ts";
import { publishEvent } from "../events/publish.ts";
import { guardedRoute } from "../http/guarded-route.ts";
import { provisionTenants } from "../identity/provision.ts";
import { InProcessRunner } from "../jobs/inprocess-runner.ts";
import { memoryLogger } from "../log.ts";
import { definePlugin, onEvent, pluginJob } from "./define-plugin.ts";
import { PluginHost } from "./host.ts";
import { pluginContextOf } from "./request-context.ts";
import type { AnyPlugin } from "./types.ts";
import { PluginManifestError, validatePlugins } from "./validate.ts";
import { subjectRights } from "../privacy/subject-requests-handlers.ts";
import { retentionClasses } from "../privacy/retention-classes.ts";
import { consentPurposes } from "../privacy/consent-purposes.ts";
import { exportSubject } from "../privacy/subject-requests-export.ts";
import { createTestTenants } from "../../tests/support/tenants.ts";

const pinged = defineEvent("alpha.pinged", z.object({ n: z.number().int() }), { zh: "测试", en: "test" });

/** Two small plugins: beta requires alpha; alpha publishes an event both listen to. */
function fixtures(record: { handled: string[]; jobs: string[]; failBeta?: boolean }) {
  const alpha = definePlugin({
    id: "alpha",
    name: { zh: "甲插件", en: "Alpha" },
    version: "1.0.0",
    core: "^0.1.0",
    capabilities: ["events:publish"],
    config: z.object({ greeting: z.string().min(1).default("你好") }),
    events: [pinged],
    routes: (router) => {
      router.openapi(
        guardedRoute({ permission: "district:read" }, {
          method: "get",
          path: "/hello",
          responses: { 200: { description: "hello" } },
        }),
        (c) => c.json({ greeting: pluginContextOf<{ greeting: string }>(c).config.greeting }),
      );
      router.openapi(
        guardedRoute({ permission: "district:read" }, {
          method: "get",
          path: "/boom",
          responses: { 200: { description: "never" } },
        }),
        () => {
          throw new Error("alpha broke");
        },
      );
    },
    jobs: [pluginJob({
      name: "tick",
      input: z.object({}),
      run: (ctx) => Promise.resolve(void record.jobs.push(`alpha:${ctx.tenantId}`)),
    })],
    schedules: [{ job: "tick", cron: "* * * * * *" }],
    handlers: [onEvent(pinged, "count", (ctx, event) => {
      record.handled.push(`alpha:${ctx.tenantId}:${event.payload.n}`);
      return Promise.resolve();
    })],
  });
  const beta = definePlugin({
    id: "beta",
    name: { zh: "乙插件", en: "Beta" },
    version: "1.0.0",
    core: "^0.1.0",
    requires: ["alpha"],
    handlers: [onEvent(pinged, "count", (ctx, event) => {
      if (record.failBeta) return Promise.reject(new Error("beta is broken"));
      record.handled.push(`beta:${ctx.tenantId}:${event.payload.n}`);
      return Promise.resolve();
    })],
  });
  return [alpha, beta] as unknown as AnyPlugin[];
}

async function setup(record = { handled: [] as string[], jobs: [] as string[], failBeta: false }) {
  const database = await openTestDatabase();
  const report = await provisionTenants(database.db, {
    plans: [
      { id: "both", name: { zh: "全部", en: "Both" }, plugins: ["alpha", "beta"] },
      { id: "alpha-only", name: { zh: "甲", en: "Alpha only" }, plugins: ["alpha"] },
    ],
    tenants: [
      {
        slug: "district-a",
        name: { zh: "甲", en: "A" },
        city: "徐州市",
        plan: "both",
        timeZone: "Asia/Shanghai",
        plugins: [],
      },
      {
        slug: "district-b",
        name: { zh: "乙", en: "B" },
        city: "北京市",
        plan: "alpha-only",
        timeZone: "Asia/Shanghai",
        plugins: [],
      },
    ],
  });
  const a = report.tenantIds["district-a"];
  const b = report.tenantIds["district-b"];
  const testApp = await createTestApp(database, { logLevel: "error" });
  const log = memoryLogger("error");
  const host = new PluginHost(fixtures(record), {
    db: database.db,
    keys: testApp.keys,
    log,
    delivery: { attempts: 3, backoffMs: 20 },
  });
  const runner = new InProcessRunner({
    db: database.db,
    log,
    jobs: host.jobDefinitions(),
    schedules: host.schedules(),
  });
  host.attach(runner);
  host.mountRoutes(testApp.app);
  return {
    database,
    host,
    runner,
    record,
    a,
    b,
    app: testApp.app,
    dispatch: () =>
      dispatchPendingEvents({
        db: database.db,
        registry: host.events,
        jobs: runner,
        log,
        deliveryJob: host.deliveryJob,
      }),
    [Symbol.asyncDispose]: async () => {
      await runner.close();
      await testApp.jobs.close();
      await database.close();
    },
  };
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

Deno.test("manifests are checked at boot and every problem names its plugin", () => {
  const base = { name: { zh: "插件", en: "Plugin" }, version: "1.0.0", core: "^0.1.0" };
  const cases: [AnyPlugin[], RegExp][] = [
    [[{ ...base, id: "gamma", requires: ["missing"] }], /plugin gamma: requires "missing", which is not installed/],
    [
      [{ ...base, id: "p-one", requires: ["p-two"] }, { ...base, id: "p-two", requires: ["p-one"] }],
      /cycle: p-one → p-two → p-one/,
    ],
    [[{ ...base, id: "old", core: "^9.0.0" }], /plugin old: needs core \^9\.0\.0, but this platform is 0\.1\.0/],
    [[{ ...base, id: "twin" }, { ...base, id: "twin" }], /plugin twin: installed twice/],
    [
      [{ ...base, id: "bad-event", events: [pinged] }],
      /plugin bad-event: event "alpha.pinged" must start with "bad-event."/,
    ],
    [
      [{ ...base, id: "perm", grants: { "other:x": { description: "x", roles: [] } } }],
      /permission "other:x" must start with "perm:"/,
    ],
    [[{
      ...base,
      id: "cron",
      jobs: [pluginJob({ name: "j", input: z.object({}), run: () => Promise.resolve() })],
      schedules: [{ job: "j", cron: "often" }],
    }], /invalid cron pattern "often"/],
  ];
  for (const [plugins, expected] of cases) {
    assert.throws(() => validatePlugins(plugins, "0.1.0"), (error: unknown) => {
      assert.ok(error instanceof PluginManifestError);
      assert.match(error.message, expected);
      return true;
    });
  }
  validatePlugins(fixtures({ handled: [], jobs: [] }), "0.1.0");
});

Deno.test("enabling needs the plan and the required plugins; disabling waits for dependents", async () => {
  await using t = await setup();
  await assert.rejects(t.host.enable({ tenantId: t.a, pluginId: "beta", actor: "user:x" }), /enable alpha first/);
  await assert.rejects(
    t.host.enable({ tenantId: t.b, pluginId: "beta", actor: "user:x" }),
    /plan "alpha-only" does not include beta/,
  );
  await assert.rejects(
    t.host.enable({ tenantId: t.a, pluginId: "alpha", config: { greeting: "" }, actor: "user:x" }),
    (error: Error & { issues?: { field: string }[] }) => error.issues?.[0].field === "config.greeting",
  );
  assert.deepEqual(await t.host.enable({ tenantId: t.a, pluginId: "alpha", actor: "user:x" }), { greeting: "你好" });
  await t.host.enable({ tenantId: t.a, pluginId: "beta", actor: "user:x" });
  await assert.rejects(t.host.disable({ tenantId: t.a, pluginId: "alpha", actor: "user:x" }), /disable beta first/);
  await t.host.disable({ tenantId: t.a, pluginId: "beta", actor: "user:x" });
  await t.host.disable({ tenantId: t.a, pluginId: "alpha", actor: "user:x" });
  const states = await t.host.states(t.a);
  assert.deepEqual(states.map((s) => [s.id, s.enabled, s.allowedByPlan]), [["alpha", false, true], [
    "beta",
    false,
    true,
  ]]);
  const audit = await withTenant(
    t.database.db,
    t.a,
    (tx) => tx.selectFrom("core.audit_log").select(["action", "target"]).orderBy("seq").execute(),
  );
  assert.deepEqual(audit.map((e) => `${e.action} ${e.target}`), [
    "plugin.enable plugin:alpha",
    "plugin.enable plugin:beta",
    "plugin.disable plugin:beta",
    "plugin.disable plugin:alpha",
  ]);
});

Deno.test("a plugin's routes answer only in districts that enabled it; its failures are contained and counted", async () => {
  await using t = await setup();
  const userA = await createUser(t.database, t.a, "operator_staff");
  const userB = await createUser(t.database, t.b, "operator_staff");
  const inA = new TestClient(t.app);
  const inB = new TestClient(t.app);
  await inA.signIn(userA.login, userA.password);
  await inB.signIn(userB.login, userB.password);

  assert.equal((await inA.get("/api/v1/plugins/alpha/hello")).status, 404, "not enabled yet");
  await t.host.enable({ tenantId: t.a, pluginId: "alpha", config: { greeting: "欢迎" }, actor: "user:x" });
  const hello = await inA.get("/api/v1/plugins/alpha/hello");
  assert.equal(hello.status, 200);
  assert.deepEqual(await hello.json(), { greeting: "欢迎" });
  assert.equal((await inB.get("/api/v1/plugins/alpha/hello")).status, 404, "district B has not enabled it");
  assert.equal((await new TestClient(t.app).get("/api/v1/plugins/alpha/hello")).status, 401);

  const boom = await inA.get("/api/v1/plugins/alpha/boom");
  assert.equal(boom.status, 500);
  assert.ok(!(await boom.text()).includes("alpha broke"));
  assert.equal(t.host.metrics.snapshot("alpha").routeErrors, 1);
  assert.equal((await inA.get("/api/v1/plugins/alpha/hello")).status, 200, "the plugin still answers afterwards");
  assert.equal((await inA.get("/api/v1/auth/me")).status, 200, "and so does the platform");

  const doc = await (await t.app.request("/api/openapi.json")).json();
  assert.ok(doc.paths["/api/v1/plugins/alpha/hello"]?.get, "plugin routes are in the OpenAPI document");

  await t.host.disable({ tenantId: t.a, pluginId: "alpha", actor: "user:x" });
  assert.equal((await inA.get("/api/v1/plugins/alpha/hello")).status, 404, "disabled again");
});

Deno.test("a disabled plugin's schedules and jobs do not run for that district", async () => {
  await using t = await setup();
  await t.host.enable({ tenantId: t.a, pluginId: "alpha", actor: "user:x" });
  const tenants = await Promise.all([t.a, t.b].map(async (id) => ({
    id,
    timeZone: "Asia/Shanghai",
    plugins: (await t.host.states(id)).filter((s) => s.enabled).map((s) => s.id),
  })));
  await t.runner.syncSchedules(tenants);
  await t.runner.startWorkers();
  await until("alpha's schedule to run in A", () => t.record.jobs.length >= 2);
  assert.ok(t.record.jobs.every((j) => j === `alpha:${t.a}`), "never for district B");

  // A job already queued for a district that then disables the plugin is skipped, not run.
  await t.host.disable({ tenantId: t.a, pluginId: "alpha", actor: "user:x" });
  await t.runner.syncSchedules([{ id: t.a, timeZone: "Asia/Shanghai", plugins: [] }]);
  await new Promise((r) => setTimeout(r, 300));
  const count = t.record.jobs.length;
  const tick = t.host.jobDefinitions().find((j) => j.name === "alpha.tick")!;
  await t.runner.enqueue(tick, {}, { tenantId: t.a });
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(t.record.jobs.length, count);
});

Deno.test("events are delivered after commit, never from a rolled-back transaction, to enabled plugins only", async () => {
  await using t = await setup();
  await t.host.enable({ tenantId: t.a, pluginId: "alpha", actor: "user:x" });
  await t.host.enable({ tenantId: t.a, pluginId: "beta", actor: "user:x" });
  await t.host.enable({ tenantId: t.b, pluginId: "alpha", actor: "user:x" });
  await t.runner.startWorkers();

  await assert.rejects(withTenant(t.database.db, t.a, async (tx) => {
    await publishEvent(tx, pinged, { n: 1 }, "user:x");
    throw new Error("the change failed");
  }));
  await withTenant(t.database.db, t.a, (tx) => publishEvent(tx, pinged, { n: 2 }, "user:x"));
  await withTenant(t.database.db, t.b, (tx) => publishEvent(tx, pinged, { n: 3 }, "user:x"));
  await assert.rejects(
    withTenant(t.database.db, t.a, (tx) => publishEvent(tx, pinged, { n: 1.5 }, "user:x")),
    /event alpha.pinged: invalid payload: n/,
  );
  // plugin.enabled events from the set-up are dispatched too; nobody listens to them here.
  await t.dispatch();
  await until("deliveries", () => t.record.handled.length === 3);
  assert.deepEqual(t.record.handled.sort(), [`alpha:${t.a}:2`, `alpha:${t.b}:3`, `beta:${t.a}:2`].sort());
  assert.equal(await t.dispatch(), 0, "each event is dispatched once");
});

Deno.test("an event published while no worker runs is delivered when one is back", async () => {
  await using t = await setup();
  await t.host.enable({ tenantId: t.a, pluginId: "alpha", actor: "user:x" });
  await withTenant(t.database.db, t.a, (tx) => publishEvent(tx, pinged, { n: 7 }, "user:x"));
  // The worker "crashes": its runner is closed before anything was dispatched or delivered.
  await t.runner.close();
  assert.deepEqual(t.record.handled, []);
  const log = memoryLogger("error");
  const restarted = new InProcessRunner({ db: t.database.db, log, jobs: t.host.jobDefinitions(), schedules: [] });
  t.host.attach(restarted);
  try {
    await restarted.startWorkers();
    await dispatchPendingEvents({
      db: t.database.db,
      registry: t.host.events,
      jobs: restarted,
      log,
      deliveryJob: t.host.deliveryJob,
    });
    await until("the delivery after restart", () => t.record.handled.length === 1);
    assert.deepEqual(t.record.handled, [`alpha:${t.a}:7`]);
  } finally {
    await restarted.close();
  }
});

Deno.test("a plugin whose handler throws leaves other plugins and districts working", async () => {
  await using t = await setup({ handled: [], jobs: [], failBeta: true });
  await t.host.enable({ tenantId: t.a, pluginId: "alpha", actor: "user:x" });
  await t.host.enable({ tenantId: t.a, pluginId: "beta", actor: "user:x" });
  await t.host.enable({ tenantId: t.b, pluginId: "alpha", actor: "user:x" });
  await t.runner.startWorkers();
  await withTenant(t.database.db, t.a, (tx) => publishEvent(tx, pinged, { n: 1 }, "user:x"));
  await withTenant(t.database.db, t.b, (tx) => publishEvent(tx, pinged, { n: 2 }, "user:x"));
  await t.dispatch();
  await until("alpha's deliveries", () => t.record.handled.length === 2);
  await until(
    "beta's delivery to be given up",
    async () => (await t.runner.failures()).some((f) => f.name === "core.event-deliver"),
  );
  const [dead] = await t.runner.failures();
  assert.deepEqual({ reason: dead.reason, attempts: dead.attempts, tenantId: dead.tenantId }, {
    reason: "beta is broken",
    attempts: 3,
    tenantId: t.a,
  });
  assert.deepEqual(t.record.handled.sort(), [`alpha:${t.a}:1`, `alpha:${t.b}:2`].sort());
  assert.equal(t.host.metrics.snapshot("beta").handlerErrors, 3);
  assert.equal(t.host.metrics.snapshot("alpha").handlerErrors, 0);
});

Deno.test("a plugin's data-rights handler, retention class and consent purpose join the district's registries", async () => {
  const notes = definePlugin({
    id: "notes-demo",
    name: { zh: "备注", en: "Notes" },
    version: "1.0.0",
    core: "^0.1.0",
    privacy: {
      subjectRights: [{
        id: "notes-demo.notes",
        export: (_tx, subject) => Promise.resolve({ notes: [`note about ${subject.id}`] }),
        erase: () => Promise.resolve({ affected: 1 }),
      }],
      retention: [{
        id: "notes_demo_notes",
        table: "plugin_notes_demo.notes",
        timeColumn: "created_at",
        action: "delete",
        defaultDays: 365,
        minimumDays: 30,
      }],
      consentPurposes: [{ id: "notes_demo.reminders", name: { zh: "提醒", en: "Reminders" } }],
    },
  }) as unknown as AnyPlugin;
  assert.throws(
    () =>
      validatePlugins([{
        ...notes,
        id: "wrongly-named",
      }], "0.1.0"),
    /data-rights handler "notes-demo.notes" must start with "wrongly-named\."/,
  );
  await using database = await openTestDatabase();
  const log = memoryLogger("error");
  const { keys } = await createTestApp(database, { logLevel: "error" });
  new PluginHost([notes], { db: database.db, keys, log });
  new PluginHost([notes], { db: database.db, keys, log }); // a second host in the process registers nothing twice
  assert.ok(subjectRights.list().some((h) => h.id === "notes-demo.notes"));
  assert.ok(retentionClasses.list().some((c) => c.id === "notes_demo_notes"));
  assert.ok(consentPurposes.has("notes_demo.reminders"));
  const [tenant] = await createTestTenants(database, 1);
  const exported = await withTenant(
    database.db,
    tenant,
    (tx) => exportSubject(tx, () => Promise.resolve(), { subject: { id: "member-1" }, requestedBy: "user:test" }),
  );
  assert.deepEqual(exported.document.sections["notes-demo.notes"], { notes: ["note about member-1"] });
});
