/**
 * Brings the platform up from its configuration: database (embedded or PostgreSQL), migrations, demo tenants,
 * job runner and HTTP app. `scripts/start.ts` serves the app; `scripts/worker.ts` only processes jobs.
 */
import type { Config } from "./config.ts";
import { allMigrations } from "./db/all-migrations.ts";
import { type Database, openDatabase } from "./db/database.ts";
import { migrate } from "./db/migrations.ts";
import { withPlatform } from "./db/tenant.ts";
import { createApp } from "./http/app.ts";
import { provisionTenants } from "./identity/provision.ts";
import { loadTenantCatalogue } from "./identity/tenant-definitions.ts";
import { type DemoAccount, loadDemoAccounts, provisionDemoAccounts } from "./identity/demo-accounts.ts";
import { coreJobs, coreSchedules } from "./jobs/core-jobs.ts";
import { createJobRunner } from "./jobs/create-runner.ts";
import type { JobRunner } from "./jobs/runner.ts";
import type { Logger } from "./log.ts";
import { signingKeyFromConfig } from "./audit/signing-key-config.ts";
import type { AuditSigningKey } from "./audit/signing-key.ts";
import { loadMasterKeys } from "./privacy/encryption/dev-master-keys.ts";
import { TenantKeyStore } from "./privacy/encryption/tenant-keys.ts";

export interface Platform {
  config: Config;
  log: Logger;
  database: Database;
  jobs: JobRunner;
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

/** Active tenants with the time zone their schedules run in. */
export function activeTenants(database: Database) {
  return withPlatform(
    database.db,
    { actor: "system:scheduler", purpose: "list tenants for schedules" },
    (tx) =>
      tx.selectFrom("core.tenants").select(["id", "time_zone as timeZone"]).where("status", "=", "active")
        .execute(),
  );
}

export async function bootPlatform(
  config: Config,
  log: Logger,
  role: "web" | "worker",
): Promise<Platform> {
  // Keys first: a missing key should stop start-up before anything is written.
  const masterKeys = await loadMasterKeys({
    masterKeys: config.MASTER_KEYS,
    dataDir: config.DATA_DIR,
    embedded: !config.DATABASE_URL,
  });
  const auditKey = await signingKeyFromConfig(config, config.AUDIT_SIGNING_KEY);
  const database = await openConfiguredDatabase(config);
  let jobs: JobRunner | undefined;
  let demoAccounts: DemoAccount[] = [];
  try {
    const applied = await migrate(database.db, await allMigrations(), log);
    log.info("database ready", { database: database.description, migrationsApplied: applied.length });
    if (role === "web" && config.DEMO_DATA === "on") {
      const report = await provisionTenants(database.db, await loadTenantCatalogue());
      log.info("tenants provisioned", {
        created: report.tenants.created,
        updated: report.tenants.updated,
        unchanged: report.tenants.unchanged.length,
      });
      demoAccounts = await provisionDemoAccounts(database.db, await loadDemoAccounts(), report.tenantIds);
    }
    jobs = createJobRunner(
      { db: database.db, log, jobs: coreJobs, schedules: coreSchedules },
      config.REDIS_URL ? { redisUrl: config.REDIS_URL, prefix: config.REDIS_PREFIX } : undefined,
    );
    if (role === "web") await jobs.syncSchedules(await activeTenants(database));
    if (role === "worker" || config.JOB_WORKERS === "embedded") await jobs.startWorkers();
  } catch (error) {
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
    demoAccounts,
    keys: new TenantKeyStore(masterKeys),
    auditKey,
    close: async () => {
      await runner.close();
      await database.close();
    },
  };
}

export { createApp };
