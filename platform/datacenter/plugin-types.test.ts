/**
 * Plugins extend the open ingestion API with their own event types: validated like the core's, stored in the
 * plugin's table, idempotent, rolled up by the core's job — and refused where the district has not enabled the plugin.
 */
import assert from "node:assert/strict";
import { sql } from "kysely";
import { pluginTestBed } from "../../tests/support/plugin-test-bed.ts";
import { TestClient } from "../../tests/support/http.ts";
import queuePlugin, { queueTicket } from "../../tests/fixtures/queue-plugin/plugin.ts";
import { executeJob } from "../jobs/runner.ts";
import { IngestRegistry } from "./event-type.ts";
import { rollupJob } from "./rollup-job.ts";

const at = () => new Date(Date.now() - 3_600_000).toISOString();
const ticket = (id: string, waitSeconds: unknown, counter = "A") => ({
  type: "queue-ticket",
  id,
  counter,
  waitSeconds,
  at: at(),
});

async function keyClient(bed: Awaited<ReturnType<typeof pluginTestBed>>, district: "home" | "other") {
  const operator = await bed.signIn("operator_admin", district);
  const res = await operator.post("/api/v1/api-keys", { name: "Queue system", permissions: ["events:write"] });
  assert.equal(res.status, 201);
  return new TestClient(bed.app.app, (await res.json()).token);
}

Deno.test("a plugin's event type is accepted where the plugin is enabled, idempotently, and rolled up", async () => {
  await using bed = await pluginTestBed(queuePlugin);
  const system = await keyClient(bed, "home");
  const sent = await system.post("/api/v1/events", { events: [ticket("t1", 120), ticket("t2", 300, "B")] });
  assert.equal(sent.status, 200, await sent.clone().text());
  assert.deepEqual(await sent.json(), { accepted: 2, duplicates: [] });
  const again = await system.post("/api/v1/events", { events: [ticket("t1", 120)] });
  assert.deepEqual(await again.json(), { accepted: 0, duplicates: ["t1"] });

  const bad = await system.post("/api/v1/events", { events: [ticket("t3", -5)] });
  assert.equal(bad.status, 422);
  assert.deepEqual((await bad.json()).errors.map((e: { field: string }) => e.field), ["events.0.waitSeconds"]);

  const stored = await bed.withTenant(
    bed.database.db,
    bed.districts.home,
    (tx) =>
      sql<{ event_id: string; wait_seconds: number }>`
      select event_id, wait_seconds from plugin_queue.tickets order by event_id`.execute(tx),
  );
  assert.deepEqual(stored.rows, [{ event_id: "t1", wait_seconds: 120 }, { event_id: "t2", wait_seconds: 300 }]);

  // The core's rollup job rolls the plugin's rows up too, until it has passed this transaction.
  const target = BigInt(
    (await sql<{ id: string }>`select pg_current_xact_id()::text as id`
      .execute(bed.database.db)).rows[0].id,
  );
  const deadline = Date.now() + 15_000;
  for (;;) {
    const report = await executeJob(
      { db: bed.database.db, log: bed.app.log, jobs: [], schedules: [] },
      rollupJob as never,
      { input: {}, tenantId: bed.districts.home, jobId: crypto.randomUUID(), attempt: 1 },
    ) as { to: string };
    if (BigInt(report.to) > target) break;
    if (Date.now() > deadline) throw new Error("the rollup did not catch up");
    await new Promise((r) => setTimeout(r, 50));
  }
  const rollups = await bed.withTenant(
    bed.database.db,
    bed.districts.home,
    (tx) =>
      tx.selectFrom("core.metric_rollups").select(["dim", "n", "total", "max"])
        .where("metric", "=", "queue.wait").where("granularity", "=", "hour").orderBy("dim").execute(),
  );
  assert.deepEqual(rollups.map((r) => [r.dim, Number(r.n), Number(r.total), Number(r.max)]), [
    ["A", 1, 120, 120],
    ["B", 1, 300, 300],
  ]);
});

Deno.test("a plugin's event type is refused, naming each event, where the district has not enabled the plugin", async () => {
  await using bed = await pluginTestBed(queuePlugin);
  const system = await keyClient(bed, "other");
  const res = await system.post("/api/v1/events", {
    events: [
      { type: "sensor", id: "s1", deviceId: "m1", metric: "energy_kwh", value: 3.5, at: at() },
      ticket("t1", 60),
    ],
  });
  assert.equal(res.status, 422);
  const problem = await res.json();
  assert.deepEqual(problem.errors.map((e: { field: string }) => e.field), ["events.1.type"]);
  assert.match(problem.errors[0].message, /queue plugin/);
  const counts = await bed.withTenant(bed.database.db, bed.districts.other, async (tx) => ({
    tickets: (await sql<{ n: number }>`select count(*)::int as n from plugin_queue.tickets`.execute(tx)).rows[0].n,
    sensors: (await sql<{ n: number }>`select count(*)::int as n from core.sensor_events`.execute(tx)).rows[0].n,
  }));
  assert.deepEqual(counts, { tickets: 0, sensors: 0 }, "all or nothing: the valid sensor event was not stored either");
});

Deno.test("a plugin's event type must carry the plugin's id as its prefix", () => {
  assert.throws(
    () => new IngestRegistry().register({ ...queueTicket, type: "ticket" }, "queue"),
    /must start with "queue-"/,
  );
  assert.throws(() => new IngestRegistry().register(queueTicket).register({ ...queueTicket }), /registered twice/);
});
