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

export interface TestApp extends AsyncDisposable {
  app: OpenAPIHono<AppEnv>;
  jobs: InProcessRunner;
  log: ReturnType<typeof memoryLogger>;
  keys: TenantKeyStore;
  auditKey: AuditSigningKey;
}

/** Disposing the app stops its jobs; the database stays with its owner. */
export async function createTestApp(
  database: Database,
  options: { jobs?: JobDefinition<unknown>[]; schedules?: ScheduleDefinition[]; logLevel?: "debug" | "error" } = {},
): Promise<TestApp> {
  const log = memoryLogger(options.logLevel ?? "debug");
  const jobs = new InProcessRunner({
    db: database.db,
    log,
    jobs: options.jobs ?? [],
    schedules: options.schedules ?? [],
  });
  const keys = new TenantKeyStore(parseMasterKeys(generateMasterKeyEntry("test")));
  const { key: auditKey } = await generateSigningKey();
  const app = createApp({ database, jobs, log, keys, auditPublicKey: auditKey.publicKey });
  return { app, jobs, log, keys, auditKey, [Symbol.asyncDispose]: () => jobs.close() };
}
