/** Two districts, stores, API keys and clients for the data center tests. */
import { sql } from "kysely";
import { withTenant } from "../db/tenant.ts";
import { createApiKey } from "../identity/api-keys.ts";
import { API_KEY_PERMISSIONS } from "../identity/permissions.ts";
import type { Principal } from "../identity/principal.ts";
import type { TenantRole } from "../identity/schema.ts";
import { executeJob } from "../jobs/runner.ts";
import { createTestApp } from "../../tests/support/app.ts";
import { TestClient } from "../../tests/support/http.ts";
import { createStore, createUser } from "../../tests/support/identity.ts";
import { createTestTenants } from "../../tests/support/tenants.ts";
import { openTestDatabase } from "../../tests/support/test-db.ts";
import { appendAudit } from "../audit/audit-log.ts";
import { setRetentionPolicy } from "../privacy/retention-policies.ts";
import { datacenterRetentionClasses } from "./privacy.ts";
import { rollupJob } from "./rollup-job.ts";
import type { RollupReport } from "./rollup.ts";

/**
 * `rawRetentionDays`: both districts keep raw events this long, for tests whose hand-computed figures sit on fixed
 * dates that would otherwise fall outside the default periods as time goes by (events older than the period are
 * refused at ingestion).
 */
export async function datacenterSetup(options: { rawRetentionDays?: number } = {}) {
  const database = await openTestDatabase();
  const [a, b] = await createTestTenants(database, 2);
  if (options.rawRetentionDays) {
    for (const tenantId of [a, b]) {
      await withTenant(database.db, tenantId, async (tx) => {
        for (const dataClass of datacenterRetentionClasses) {
          await setRetentionPolicy(tx, appendAudit, {
            dataClass: dataClass.id,
            days: options.rawRetentionDays!,
            actor: "system:test",
          });
        }
      });
    }
  }
  const testApp = await createTestApp(database, { logLevel: "error", jobs: [rollupJob] });
  const stores = {
    a1: await createStore(database, a, "甲一店"),
    a2: await createStore(database, a, "甲二店"),
    b1: await createStore(database, b, "乙一店"),
  };
  return {
    database,
    db: database.db,
    app: testApp.app,
    keys: testApp.keys,
    a,
    b,
    stores,
    /** An API key's client: district-wide, or limited to a store. */
    async keyClient(tenantId: string, options: { store?: string; permissions?: string[] } = {}) {
      const creator = { kind: "user", actor: "user:test", tenantId, permissions: new Set() } as unknown as
        & Principal
        & { tenantId: string };
      const { token } = await createApiKey(database.db, creator, {
        name: "POS",
        permissions: options.permissions ?? ["events:write"],
        organisationId: options.store,
      }, API_KEY_PERMISSIONS);
      return new TestClient(testApp.app, token);
    },
    async signIn(tenantId: string, role: TenantRole, store?: string) {
      const user = await createUser(database, tenantId, role, { organisationId: store });
      const client = new TestClient(testApp.app);
      const res = await client.signIn(user.login, user.password);
      if (res.status !== 200) throw new Error(`sign-in failed: ${res.status}`);
      return client;
    },
    /**
     * Runs the rollup job for a district, as the scheduler would, until it has covered every transaction committed
     * before the call. The watermark is the cluster's oldest running transaction, so on a shared server another
     * test's open transaction can hold a run back for a moment. The helper first waits for every transaction older
     * than the call to end, so that one run covers them all and its report (hours, days) is the whole answer: a run
     * held back part-way would leave some hours to a second run, whose report alone would miss them.
     */
    rollup: async (tenantId: string) => {
      const target = BigInt(
        (await sql<{ id: string }>`select pg_current_xact_id()::text as id`.execute(database.db)).rows[0].id,
      );
      const deadline = Date.now() + 15_000;
      for (;;) {
        const { rows } = await sql<{ xmin: string }>`
          select pg_snapshot_xmin(pg_current_snapshot())::text as xmin
        `.execute(database.db);
        if (BigInt(rows[0].xmin) > target) break;
        if (Date.now() > deadline) throw new Error(`transactions older than ${target} are still running`);
        await new Promise((r) => setTimeout(r, 20));
      }
      for (;;) {
        const report = await executeJob(
          { db: database.db, log: testApp.log, jobs: [], schedules: [] },
          rollupJob as never,
          { input: {}, tenantId, jobId: crypto.randomUUID(), attempt: 1 },
        ) as RollupReport;
        if (BigInt(report.to) > target) return report;
        if (Date.now() > deadline) throw new Error(`the rollup did not catch up with transaction ${target}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    count: (tenantId: string, table: "footfall" | "sale" | "parking" | "sensor") =>
      withTenant(database.db, tenantId, async (tx) => {
        const row = await tx.selectFrom(`core.${table}_events`).select((eb) => eb.fn.countAll<string>().as("n"))
          .executeTakeFirstOrThrow();
        return Number(row.n);
      }),
    [Symbol.asyncDispose]: async () => {
      await testApp.jobs.close();
      await database.close();
    },
  };
}

export type DatacenterSetup = Awaited<ReturnType<typeof datacenterSetup>>;
