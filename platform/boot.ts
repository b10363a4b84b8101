/**
 * Brings the platform up from its configuration: keys, database (embedded or PostgreSQL), migrations of the core
 * and the installed plugins, demo tenants, the plugin host, the job runner and the event outbox poller.
 * `scripts/start.ts` serves the HTTP app on top; `scripts/worker.ts` only processes jobs.
 */
import type { Config } from "./config.ts";
import { allMigrations } from "./db/all-migrations.ts";
import { type Database, openDatabase } from "./db/database.ts";
import { migrate } from "./db/migrations.ts";
import { withPlatform } from "./db/tenant.ts";
import { startOutboxPoller } from "./events/dispatch.ts";
import { createApp } from "./http/app.ts";
import { provisionTenants } from "./identity/provision.ts";
import { loadTenantCatalogue } from "./identity/tenant-definitions.ts";
import { type DemoAccount, loadDemoAccounts, provisionDemoAccounts } from "./identity/demo-accounts.ts";
import { coreJobs, coreSchedules } from "./jobs/core-jobs.ts";
import { createJobRunner } from "./jobs/create-runner.ts";
import type { JobRunner } from "./jobs/runner.ts";
import type { Logger } from "./log.ts";
import { hasRawEvents, seedDemoDistrict } from "./datacenter/demo/seed.ts";
import { PluginHost } from "./plugins/host.ts";
import type { AnyPlugin } from "./plugins/types.ts";
import { signingKeyFromConfig } from "./audit/signing-key-config.ts";
import type { AuditSigningKey } from "./audit/signing-key.ts";
import { loadMasterKeys } from "./privacy/encryption/dev-master-keys.ts";
import { TenantKeyStore } from "./privacy/encryption/tenant-keys.ts";

/** Days of demo events written at the first start; the task `seed:demo` writes 90. */
const DEMO_DAYS_AT_START = 30;

export interface Platform {
  config: Config;
  log: Logger;
  database: Database;
  jobs: JobRunner;
  plugins: PluginHost;
  /** Each district's data keys, unwrapped with the configured master keys. */
  keys: TenantKeyStore;
  /** Signs the daily audit checkpoints; its public half verifies them. */
  auditKey: AuditSigningKey;
  /** The demo people provisioned at this start (demo data on), to print with their password. */
  demoAccounts: DemoAccount[];
  close(): Promise<void>;
}

export function openConfiguredDatabase(config: Config): Promise<Database> {
  return openDatabase({ url: config.DATABASE_URL, dataDir: `${config.DATA_DIR}/pglite` });
}

/** Active tenants with the time zone their schedules run in and the plugins they have enabled. */
export function activeTenants(database: Database) {
  return withPlatform(database.db, { actor: "system:scheduler", purpose: "list tenants for schedules" }, async (tx) => {
    const tenants = await tx.selectFrom("core.tenants").select(["id", "time_zone as timeZone"])
      .where("status", "=", "active").execute();
    const enabled = await tx.selectFrom("core.tenant_plugins").select(["tenant_id", "plugin_id"])
      .where("enabled", "=", true).execute();
    return tenants.map((t) => ({
      ...t,
      plugins: enabled.filter((e) => e.tenant_id === t.id).map((e) => e.plugin_id),
    }));
  });
}

export async function bootPlatform(
  config: Config,
  log: Logger,
  role: "web" | "worker",
  installed: readonly AnyPlugin[] = [],
): Promise<Platform> {
  // Keys and plugin manifests first: a missing key or a broken plugin stops start-up before anything is written.
  const masterKeys = await loadMasterKeys({
    masterKeys: config.MASTER_KEYS,
    dataDir: config.DATA_DIR,
    embedded: !config.DATABASE_URL,
  });
  const auditKey = await signingKeyFromConfig(config, config.AUDIT_SIGNING_KEY);
  const keys = new TenantKeyStore(masterKeys);
  const database = await openConfiguredDatabase(config);
  let jobs: JobRunner | undefined;
  let poller: { stop(): Promise<void> } | undefined;
  let demoAccounts: DemoAccount[] = [];
  let plugins: PluginHost;
  try {
    plugins = new PluginHost(installed, { db: database.db, keys, log });
    const applied = await migrate(database.db, await allMigrations(plugins.plugins), log);
    log.info("database ready", { database: database.description, migrationsApplied: applied.length });
    if (role === "web" && config.DEMO_DATA === "on") {
      const catalogue = await loadTenantCatalogue();
      const unknown = catalogue.tenants.flatMap((t) =>
        t.plugins.filter((id) => !plugins.plugins.some((p) => p.id === id)).map((id) => `${t.slug}: ${id}`)
      );
      if (unknown.length) throw new Error(`tenants/ enables plugins that are not installed: ${unknown.join(", ")}`);
      const report = await provisionTenants(database.db, catalogue);
      log.info("tenants provisioned", {
        created: report.tenants.created,
        updated: report.tenants.updated,
        unchanged: report.tenants.unchanged.length,
      });
      demoAccounts = await provisionDemoAccounts(database.db, await loadDemoAccounts(), report.tenantIds);
      // Demo events on the first start only (a district without raw events); `deno task seed:demo` adds 90 days.
      for (const [slug, tenantId] of Object.entries(report.tenantIds)) {
        if (await hasRawEvents(database.db, tenantId)) continue;
        const seeded = await seedDemoDistrict(database.db, keys, tenantId, { days: DEMO_DAYS_AT_START });
        log.info("demo data generated", { district: slug, events: seeded.accepted, ms: seeded.ms });
      }
    }
    const runner = createJobRunner(
      {
        db: database.db,
        log,
        jobs: [...coreJobs, ...plugins.jobDefinitions()],
        schedules: [...coreSchedules, ...plugins.schedules()],
      },
      config.REDIS_URL ? { redisUrl: config.REDIS_URL, prefix: config.REDIS_PREFIX } : undefined,
    );
    jobs = runner;
    plugins.attach(runner);
    // A district that switches a plugin on or off gets that plugin's schedules started or stopped.
    plugins.onChange = async () => await runner.syncSchedules(await activeTenants(database));
    if (role === "web") await runner.syncSchedules(await activeTenants(database));
    if (role === "worker" || config.JOB_WORKERS === "embedded") {
      await runner.startWorkers();
      poller = startOutboxPoller({
        db: database.db,
        registry: plugins.events,
        jobs: runner,
        log,
        deliveryJob: plugins.deliveryJob,
      });
    }
  } catch (error) {
    await poller?.stop().catch(() => {});
    await jobs?.close().catch(() => {});
    await database.close().catch(() => {});
    throw error;
  }
  const runner = jobs;
  return {
    config,
    log,
    database,
    jobs: runner,
    plugins,
    demoAccounts,
    keys,
    auditKey,
    close: async () => {
      await poller?.stop();
      await runner.close();
      await database.close();
    },
  };
}

export { createApp };
