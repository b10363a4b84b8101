/** Retention on a table made in the test, as a plugin would have it: delete, anonymise, policies, the job. */
import assert from "node:assert/strict";
import { type Kysely, sql } from "kysely";
import type { AuditEntryInput, AuditSink } from "../audit/types.ts";
import { OWNER_ROLE } from "../db/roles.ts";
import type { CoreDatabase } from "../db/schema.ts";
import { withTenant } from "../db/tenant.ts";
import { planSchedules } from "../jobs/define.ts";
import { executeJob } from "../jobs/runner.ts";
import { memoryLogger } from "../log.ts";
import { openTestDatabase } from "../../tests/support/test-db.ts";
import { createTestTenants } from "../../tests/support/tenants.ts";
import { RetentionBelowMinimumError, type RetentionDataClass, RetentionRegistry } from "./retention-classes.ts";
import { defineRetentionJob, RETENTION_CRON, retentionSchedule } from "./retention-job.ts";
import { clearRetentionPolicy, effectiveRetention, setRetentionPolicy } from "./retention-policies.ts";
import { runRetention } from "./retention-run.ts";

const DAY = 86_400_000;
const now = new Date();
const daysAgo = (days: number) => new Date(now.getTime() - days * DAY);

const plates: RetentionDataClass = {
  id: "raw_plate_events",
  table: "plugin_test.plate_events",
  timeColumn: "seen_at",
  action: "delete",
  defaultDays: 30,
  minimumDays: 7,
};

function recordingSink() {
  const entries: AuditEntryInput[] = [];
  const sink: AuditSink = (_tx, entry) => {
    entries.push(entry);
    return Promise.resolve();
  };
  return { entries, sink };
}

function registryWith(...classes: RetentionDataClass[]): RetentionRegistry {
  const registry = new RetentionRegistry();
  for (const c of classes) registry.register(c);
  return registry;
}

/** A plugin-style tenant table with, per tenant, 5 reads from 100 days ago and 2 from yesterday. */
async function setup() {
  const database = await openTestDatabase();
  const [a, b] = await createTestTenants(database);
  await database.db.transaction().execute(async (tx) => {
    await sql.raw(`set local role ${OWNER_ROLE}`).execute(tx);
    await sql`create schema plugin_test`.execute(tx);
    await sql`grant usage on schema plugin_test to district_app, district_platform`.execute(tx);
    await sql`create table plugin_test.plate_events (
      tenant_id uuid not null, id int not null, plate text not null, member_id text, seen_at timestamptz not null,
      primary key (tenant_id, id))`.execute(tx);
    await sql`select core.protect_tenant_table('plugin_test.plate_events')`.execute(tx);
  });
  for (const tenant of [a, b]) {
    await withTenant(database.db, tenant, async (tx) => {
      for (let id = 1; id <= 7; id++) {
        const seen = id <= 5 ? daysAgo(100) : daysAgo(1);
        await sql`insert into plugin_test.plate_events values
          (${tenant}, ${id}, ${`苏C1234${id}`}, ${`member-${id}`}, ${seen.toISOString()})`.execute(tx);
      }
    });
  }
  return { database, a, b };
}

function plateRows(db: Kysely<CoreDatabase>, tenant: string) {
  return withTenant(db, tenant, async (tx) =>
    (await sql<{ id: number; plate: string; member_id: string | null }>`
      select id, plate, member_id from plugin_test.plate_events order by id`.execute(tx)).rows);
}

function runLog(db: Kysely<CoreDatabase>, tenant: string) {
  return withTenant(db, tenant, (tx) =>
    tx.selectFrom("core.retention_runs")
      .select(["run_id", "data_class", "action", "days", "cutoff", "rows_affected"])
      .orderBy("id").execute());
}

Deno.test("expired rows are deleted in batches; new rows and the other tenant's rows stay; the run is logged", async () => {
  const { database, a, b } = await setup();
  await using _ = database;
  const audit = recordingSink();
  const registry = registryWith(plates);

  const first = await runRetention(database.db, a, { audit: audit.sink, registry, now, batchSize: 2 });
  assert.equal(first.classes.length, 1);
  assert.equal(first.classes[0].rowsAffected, 5);
  assert.equal(first.classes[0].cutoff.getTime(), daysAgo(30).getTime());
  assert.deepEqual((await plateRows(database.db, a)).map((r) => r.id), [6, 7]);
  assert.deepEqual((await plateRows(database.db, b)).map((r) => r.id), [1, 2, 3, 4, 5, 6, 7]);

  const log = await runLog(database.db, a);
  assert.equal(log.length, 1);
  assert.deepEqual(
    { ...log[0], cutoff: log[0].cutoff.getTime() },
    {
      run_id: first.runId,
      data_class: "raw_plate_events",
      action: "delete",
      days: 30,
      cutoff: daysAgo(30).getTime(),
      rows_affected: 5,
    },
  );
  // One audit entry for the class, with the total over all batches.
  assert.equal(audit.entries.length, 1);
  assert.equal(audit.entries[0].action, "retention.delete");
  assert.equal(audit.entries[0].target, "data-class:raw_plate_events");
  assert.equal(audit.entries[0].details?.rowsAffected, 5);

  // Re-running finds nothing: logged as a run with 0 rows, not audited again.
  const second = await runRetention(database.db, a, { audit: audit.sink, registry, now, batchSize: 2 });
  assert.equal(second.classes[0].rowsAffected, 0);
  assert.deepEqual((await plateRows(database.db, a)).map((r) => r.id), [6, 7]);
  assert.deepEqual((await runLog(database.db, a)).map((r) => r.rows_affected), [5, 0]);
  assert.equal(audit.entries.length, 1);
  assert.deepEqual(await runLog(database.db, b), []);
});

Deno.test("anonymise with a set-list blanks identifying columns of expired rows once, and keeps the rows", async () => {
  const { database, a, b } = await setup();
  await using _ = database;
  const audit = recordingSink();
  const registry = registryWith({
    ...plates,
    action: "anonymise",
    anonymise: { plate: sql`left(plate, 2) || '·*****'`, member_id: null },
  });
  const run = await runRetention(database.db, a, { audit: audit.sink, registry, now, batchSize: 2 });
  assert.equal(run.classes[0].rowsAffected, 5);
  const rows = await plateRows(database.db, a);
  assert.deepEqual(rows.slice(0, 5).map((r) => [r.plate, r.member_id]), Array(5).fill(["苏C·*****", null]));
  assert.deepEqual(rows.slice(5).map((r) => [r.plate, r.member_id]), [["苏C12346", "member-6"], [
    "苏C12347",
    "member-7",
  ]]);
  assert.equal((await plateRows(database.db, b))[0].member_id, "member-1");
  assert.equal(audit.entries[0].action, "retention.anonymise");

  const again = await runRetention(database.db, a, { audit: audit.sink, registry, now, batchSize: 2 });
  assert.equal(again.classes[0].rowsAffected, 0);
  assert.deepEqual((await runLog(database.db, a)).map((r) => [r.action, r.rows_affected]), [
    ["anonymise", 5],
    ["anonymise", 0],
  ]);
});

Deno.test("anonymise with a function gets the cutoff and batch size", async () => {
  const { database, a } = await setup();
  await using _ = database;
  const calls: { cutoff: Date; limit: number }[] = [];
  const registry = registryWith({
    ...plates,
    action: "anonymise",
    anonymise: async (tx, batch) => {
      calls.push(batch);
      const { rows } = await sql<{ n: number }>`with changed as (
        update plugin_test.plate_events set member_id = null
         where (tenant_id, id) in (select tenant_id, id from plugin_test.plate_events
                where seen_at < ${batch.cutoff.toISOString()}::timestamptz and member_id is not null limit ${batch.limit})
        returning 1) select count(*)::int as n from changed`.execute(tx);
      return rows[0].n;
    },
  });
  const run = await runRetention(database.db, a, { audit: recordingSink().sink, registry, now, batchSize: 3 });
  assert.equal(run.classes[0].rowsAffected, 5);
  assert.deepEqual(calls.map((c) => c.limit), [3, 3]);
  assert.deepEqual((await plateRows(database.db, a)).map((r) => r.member_id), [
    null,
    null,
    null,
    null,
    null,
    "member-6",
    "member-7",
  ]);
});

Deno.test("a tenant's own period changes the cutoff; one below the minimum is refused with the reason", async () => {
  const { database, a, b } = await setup();
  await using _ = database;
  const audit = recordingSink();
  const accessLogs: RetentionDataClass = {
    id: "access_logs",
    table: "plugin_test.access_logs",
    timeColumn: "at",
    action: "delete",
    defaultDays: 90,
    minimumDays: 60,
  };
  const registry = registryWith(plates, accessLogs);
  await withTenant(database.db, a, async (tx) => {
    await setRetentionPolicy(tx, audit.sink, { dataClass: "raw_plate_events", days: 120, actor: "user:op" }, {
      registry,
    });
    await assert.rejects(
      setRetentionPolicy(tx, audit.sink, { dataClass: "access_logs", days: 30, actor: "user:op" }, { registry }),
      (error) =>
        error instanceof RetentionBelowMinimumError &&
        error.message.startsWith('retention for "access_logs" must be at least 60 days') &&
        error.message.endsWith("got 30"),
    );
    await assert.rejects(
      setRetentionPolicy(tx, audit.sink, { dataClass: "nope", days: 30, actor: "user:op" }, { registry }),
      /not registered/,
    );
    assert.deepEqual(
      (await effectiveRetention(tx, { registry })).map((e) => [e.dataClass, e.days, e.storedDays]),
      [["raw_plate_events", 120, 120], ["access_logs", 90, null]],
    );
  });
  assert.deepEqual(audit.entries.map((e) => [e.action, e.target, e.details]), [
    ["retention.policy.set", "data-class:raw_plate_events", { days: 120, previousDays: null }],
  ]);

  // 120 days keeps the 100-day-old reads; the other tenant still has the 30-day default.
  await runRetention(database.db, a, { audit: audit.sink, registry, now, dataClasses: ["raw_plate_events"] });
  assert.equal((await plateRows(database.db, a)).length, 7);
  await runRetention(database.db, b, { audit: audit.sink, registry, now, dataClasses: ["raw_plate_events"] });
  assert.equal((await plateRows(database.db, b)).length, 2);

  await withTenant(database.db, a, async (tx) => {
    await clearRetentionPolicy(tx, audit.sink, { dataClass: "raw_plate_events", actor: "user:op" }, { registry });
    assert.equal((await effectiveRetention(tx, { registry }))[0].days, 30);
  });
  assert.deepEqual(audit.entries.at(-1)?.details, { previousDays: 120, days: 30 });
});

Deno.test("a stored period below a minimum raised later is not honoured", async () => {
  const { database, a } = await setup();
  await using _ = database;
  await withTenant(database.db, a, (tx) =>
    tx.insertInto("core.retention_policies").values({
      tenant_id: a,
      data_class: "raw_plate_events",
      days: 3,
      updated_by: "user:op",
    }).execute());
  const log = memoryLogger();
  const run = await runRetention(database.db, a, {
    audit: recordingSink().sink,
    registry: registryWith({ ...plates, minimumDays: 200, defaultDays: 365 }),
    now,
    log,
  });
  assert.equal(run.classes[0].days, 200);
  assert.equal((await plateRows(database.db, a)).length, 7);
  assert.ok(log.lines.some((l) => l.msg === "stored retention below the minimum; using the minimum"));
});

Deno.test("a class whose table is missing is skipped; a failing class does not stop the others", async () => {
  const { database, a } = await setup();
  await using _ = database;
  const registry = registryWith(
    { ...plates, id: "not_installed", table: "plugin_test.not_there" },
    { ...plates, id: "broken", timeColumn: "no_such_column" },
    plates,
  );
  await assert.rejects(
    runRetention(database.db, a, { audit: recordingSink().sink, registry, now }),
    (error) =>
      error instanceof AggregateError && error.errors.length === 1 && /no_such_column/.test(String(error.errors[0])),
  );
  assert.deepEqual((await plateRows(database.db, a)).map((r) => r.id), [6, 7]);
  const skipped = await runRetention(database.db, a, {
    audit: recordingSink().sink,
    registry,
    now,
    dataClasses: ["not_installed"],
  });
  assert.deepEqual(skipped.classes.map((c) => [c.dataClass, c.skipped]), [["not_installed", "table-missing"]]);
});

Deno.test("the job runs per tenant through the runner and is scheduled daily at 03:30 in the tenant's zone", async () => {
  const { database, a, b } = await setup();
  await using _ = database;
  const audit = recordingSink();
  const job = defineRetentionJob({ audit: audit.sink, registry: registryWith(plates), batchSize: 2 });
  assert.equal(job.name, "core.retention");
  assert.equal(job.perTenant, true);
  const deps = { db: database.db, log: memoryLogger(), jobs: [job], schedules: [retentionSchedule(job)] };
  await executeJob(deps, job, { input: {}, tenantId: a, jobId: "j1", attempt: 1 });
  assert.deepEqual((await plateRows(database.db, a)).map((r) => r.id), [6, 7]);
  assert.equal((await plateRows(database.db, b)).length, 7);
  assert.equal(audit.entries[0].actor, "job:core.retention");
  await assert.rejects(
    executeJob(deps, job, { input: { dataClasses: "all" }, tenantId: a, jobId: "j2", attempt: 1 }),
    /invalid input/,
  );

  const planned = planSchedules(deps.schedules, [{ id: a, timeZone: "Asia/Shanghai" }, { id: b, timeZone: "UTC" }]);
  assert.equal(RETENTION_CRON, "30 3 * * *");
  assert.deepEqual(planned.map((p) => [p.key, p.cron, p.timeZone]), [
    [`core.retention:${a}`, "30 3 * * *", "Asia/Shanghai"],
    [`core.retention:${b}`, "30 3 * * *", "UTC"],
  ]);
});

Deno.test("another tenant can neither see nor change retention policies and run logs; run logs cannot be rewritten", async () => {
  const { database, a, b } = await setup();
  await using _ = database;
  const registry = registryWith(plates);
  const audit = recordingSink().sink;
  await withTenant(
    database.db,
    a,
    (tx) => setRetentionPolicy(tx, audit, { dataClass: "raw_plate_events", days: 90, actor: "user:op" }, { registry }),
  );
  await runRetention(database.db, a, { audit, registry, now });

  await withTenant(database.db, b, async (tx) => {
    assert.deepEqual(await tx.selectFrom("core.retention_policies").selectAll().execute(), []);
    assert.deepEqual(await tx.selectFrom("core.retention_runs").selectAll().execute(), []);
    assert.equal(
      (await tx.updateTable("core.retention_policies").set({ days: 7 }).executeTakeFirst()).numUpdatedRows,
      0n,
    );
    assert.equal((await tx.deleteFrom("core.retention_policies").executeTakeFirst()).numDeletedRows, 0n);
    assert.equal(
      (await tx.updateTable("core.retention_runs").set({ rows_affected: 0 }).executeTakeFirst()).numUpdatedRows,
      0n,
    );
  });
  await assert.rejects(
    withTenant(database.db, b, (tx) =>
      tx.insertInto("core.retention_policies").values({
        tenant_id: a,
        data_class: "raw_plate_events",
        days: 7,
        updated_by: "user:intruder",
      }).execute()),
    /row-level security/,
  );
  await assert.rejects(
    withTenant(database.db, a, (tx) => tx.deleteFrom("core.retention_runs").execute()),
    /permission denied/,
  );
  await assert.rejects(
    withTenant(database.db, a, (tx) => tx.updateTable("core.retention_runs").set({ data_class: "x" }).execute()),
    /permission denied/,
  );
  await withTenant(database.db, a, async (tx) => {
    assert.equal((await effectiveRetention(tx, { registry }))[0].days, 90);
    assert.equal((await tx.selectFrom("core.retention_runs").selectAll().execute()).length, 1);
  });
});
