/** The HTTP app over a test database, with fresh keys and an in-process job runner, as tests need it. */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { generateSigningKey } from "../../platform/audit/signing-key.ts";
import type { AuditSigningKey } from "../../platform/audit/signing-key.ts";
import type { Database } from "../../platform/db/database.ts";
import { createApp } from "../../platform/http/app.ts";
import type { AppEnv } from "../../platform/http/request-context.ts";
import type { JobDefinition, ScheduleDefinition } from "../../platform/jobs/define.ts";
import { InProcessRunner } from "../../platform/jobs/inprocess-runner.ts";
import { memoryLogger } from "../../platform/log.ts";
import { generateMasterKeyEntry, parseMasterKeys } from "../../platform/privacy/encryption/master-keys.ts";
import { TenantKeyStore } from "../../platform/privacy/encryption/tenant-keys.ts";
import { PluginHost } from "../../platform/plugins/host.ts";
import type { AnyPlugin } from "../../platform/plugins/types.ts";

export interface TestApp extends AsyncDisposable {
  app: OpenAPIHono<AppEnv>;
  jobs: InProcessRunner;
  log: ReturnType<typeof memoryLogger>;
  keys: TenantKeyStore;
  auditKey: AuditSigningKey;
  plugins?: PluginHost;
}

/** Disposing the app stops its jobs; the database stays with its owner. */
export async function createTestApp(
  database: Database,
  options: {
    jobs?: JobDefinition<unknown>[];
    schedules?: ScheduleDefinition[];
    logLevel?: "debug" | "error";
    /** Plugins to install: their routes, jobs and permissions join the app. */
    plugins?: readonly AnyPlugin[];
  } = {},
): Promise<TestApp> {
  const log = memoryLogger(options.logLevel ?? "debug");
  const keys = new TenantKeyStore(parseMasterKeys(generateMasterKeyEntry("test")));
  const plugins = options.plugins
    ? new PluginHost(options.plugins, { db: database.db, keys, log, delivery: { attempts: 2, backoffMs: 20 } })
    : undefined;
  const jobs = new InProcessRunner({
    db: database.db,
    log,
    jobs: [...(options.jobs ?? []), ...(plugins?.jobDefinitions() ?? [])],
    schedules: [...(options.schedules ?? []), ...(plugins?.schedules() ?? [])],
  });
  plugins?.attach(jobs);
  const { key: auditKey } = await generateSigningKey();
  const app = createApp({ database, jobs, log, keys, auditPublicKey: auditKey.publicKey, plugins });
  return { app, jobs, log, keys, auditKey, plugins, [Symbol.asyncDispose]: () => jobs.close() };
}
