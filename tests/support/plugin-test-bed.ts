/**
 * Everything a plugin's tests need: a migrated test database (the plugin's migrations included), two districts —
 * "home" with the plugin (and what it requires) enabled, "other" with it installed but off — the HTTP app with the
 * plugin mounted, and signed-in clients for any role.
 */
import { allMigrations } from "../../platform/db/all-migrations.ts";
import { migrate } from "../../platform/db/migrations.ts";
import { withTenant } from "../../platform/db/tenant.ts";
import type { EventDefinition } from "../../platform/events/define.ts";
import { dispatchPendingEvents } from "../../platform/events/dispatch.ts";
import { publishEvent } from "../../platform/events/publish.ts";
import { provisionTenants } from "../../platform/identity/provision.ts";
import type { TenantRole } from "../../platform/identity/schema.ts";
import type { AnyPlugin } from "../../platform/plugins/types.ts";
import { installedPlugins } from "../../plugins/mod.ts";
import { createTestApp, type TestApp } from "./app.ts";
import { TestClient } from "./http.ts";
import { createStore, createUser } from "./identity.ts";
import { openTestDatabase, type TestDatabase } from "./test-db.ts";

export interface PluginTestBed extends AsyncDisposable {
  database: TestDatabase;
  app: TestApp;
  districts: { home: string; other: string };
  /** A new person of the role in the district, signed in. */
  signIn(role: TenantRole, district?: "home" | "other", storeId?: string): Promise<TestClient>;
  store(district?: "home" | "other", name?: string): Promise<string>;
  /** Hands committed events to the job queue and waits until the queue is idle. */
  deliverEvents(): Promise<void>;
  withTenant: typeof withTenant;
  /** Publishes an event in a district as the core would (e.g. store.approved), committed at once. */
  publish<T>(event: EventDefinition<T>, payload: T, district?: "home" | "other"): Promise<string>;
}

function withRequirements(plugin: AnyPlugin): AnyPlugin[] {
  const byId = new Map(installedPlugins.map((p) => [p.id, p]));
  byId.set(plugin.id, plugin);
  const needed: AnyPlugin[] = [];
  const visit = (p: AnyPlugin) => {
    if (needed.includes(p)) return;
    for (const id of p.requires ?? []) visit(byId.get(id) ?? { id } as AnyPlugin);
    needed.push(p);
  };
  visit(plugin);
  return needed;
}

export async function pluginTestBed(
  // deno-lint-ignore no-explicit-any -- any plugin, whatever its config and tables
  plugin: any,
  options: { config?: unknown } = {},
): Promise<PluginTestBed> {
  const plugins = withRequirements(plugin as AnyPlugin);
  const database = await openTestDatabase();
  // The template has the installed plugins' migrations; a plugin not listed yet (a fresh scaffold) gets its own here.
  await migrate(database.db, await allMigrations(plugins));
  const ids = plugins.map((p) => p.id);
  const report = await provisionTenants(database.db, {
    plans: [{ id: "plugin-test", name: { zh: "插件测试", en: "Plugin test" }, plugins: ids }],
    tenants: [
      {
        slug: "home",
        name: { zh: "本商圈", en: "Home" },
        city: "徐州市",
        plan: "plugin-test",
        timeZone: "Asia/Shanghai",
        plugins: [],
      },
      {
        slug: "other",
        name: { zh: "他商圈", en: "Other" },
        city: "北京市",
        plan: "plugin-test",
        timeZone: "Asia/Shanghai",
        plugins: [],
      },
    ],
  });
  const districts = { home: report.tenantIds.home, other: report.tenantIds.other };
  const app = await createTestApp(database, { plugins, logLevel: "error" });
  for (const p of plugins) {
    await app.plugins!.enable({
      tenantId: districts.home,
      pluginId: p.id,
      config: p.id === plugin.id ? options.config : undefined,
      actor: "system:test",
    });
  }
  await app.jobs.startWorkers();
  return {
    database,
    app,
    districts,
    withTenant,
    publish: (event, payload, district = "home") =>
      withTenant(database.db, districts[district], (tx) => publishEvent(tx, event, payload, "system:test")),
    async signIn(role, district = "home", storeId) {
      const user = await createUser(database, districts[district], role, { organisationId: storeId });
      const client = new TestClient(app.app);
      const res = await client.signIn(user.login, user.password);
      if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
      return client;
    },
    store: (district = "home", name = "测试门店") => createStore(database, districts[district], name),
    async deliverEvents() {
      await dispatchPendingEvents({
        db: database.db,
        registry: app.plugins!.events,
        jobs: app.jobs,
        log: app.log,
        deliveryJob: app.plugins!.deliveryJob,
      });
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        const health = await app.jobs.health();
        if (health.waiting + health.active + health.delayed === 0) return;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error("events were not delivered within 10 s");
    },
    [Symbol.asyncDispose]: async () => {
      await app.jobs.close();
      await database.close();
    },
  };
}
