/**
 * Raw events under the district's retention periods and data-subject requests: old raw events are deleted by the
 * retention run (the rollups stay), events older than the period are refused at ingestion, and a proven licence
 * plate's parking events can be exported and erased — in one district only.
 */
import assert from "node:assert/strict";
import { sql } from "kysely";
import { appendAudit } from "../audit/audit-log.ts";
import { withTenant } from "../db/tenant.ts";
import { runRetention } from "../privacy/retention-run.ts";
import { setRetentionPolicy } from "../privacy/retention-policies.ts";
import { datacenterSetup } from "./test-helpers.ts";

const DAY_MS = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();
const parking = (id: string, plate: string, at: string, direction = "in") => ({
  type: "parking",
  id,
  gateId: "P1-east",
  plate,
  direction,
  at,
});

Deno.test("retention deletes raw events older than the district's period; rollups and newer events stay", async () => {
  await using t = await datacenterSetup();
  const gate = await t.keyClient(t.a);
  const sent = await gate.post("/api/v1/events", {
    events: [parking("old-1", "苏C12345", daysAgo(100)), parking("new-1", "苏C12345", daysAgo(10))],
  });
  assert.equal(sent.status, 200, await sent.clone().text());
  const other = await t.keyClient(t.b);
  assert.equal(
    (await other.post("/api/v1/events", { events: [parking("b-old", "苏C12345", daysAgo(100))] })).status,
    200,
  );
  await t.rollup(t.a);
  const rollupsBefore = await withTenant(
    t.db,
    t.a,
    (tx) =>
      tx.selectFrom("core.metric_rollups").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow(),
  );

  await withTenant(
    t.db,
    t.a,
    (tx) => setRetentionPolicy(tx, appendAudit, { dataClass: "raw_parking_events", days: 60, actor: "user:test" }),
  );
  const run = await runRetention(t.db, t.a, { audit: appendAudit, dataClasses: ["raw_parking_events"] });
  assert.deepEqual(run.classes.map((c) => [c.dataClass, c.rowsAffected]), [["raw_parking_events", 1]]);
  const left = await withTenant(t.db, t.a, (tx) => tx.selectFrom("core.parking_events").select("event_id").execute());
  assert.deepEqual(left.map((r) => r.event_id), ["new-1"]);
  assert.equal(await t.count(t.b, "parking"), 1, "the other district keeps its events");
  const rollupsAfter = await withTenant(
    t.db,
    t.a,
    (tx) =>
      tx.selectFrom("core.metric_rollups").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow(),
  );
  assert.equal(rollupsAfter.n, rollupsBefore.n, "aggregates are kept");

  // The application role still cannot delete raw events itself, and the expiry door refuses recent cutoffs.
  await assert.rejects(
    withTenant(t.db, t.a, (tx) => tx.deleteFrom("core.parking_events").execute()),
    /permission denied/,
  );
  await assert.rejects(
    withTenant(t.db, t.a, (tx) => sql`select core.expire_raw_events('parking_events', now(), 1000)`.execute(tx)),
    /at least a day in the past/,
  );
  await assert.rejects(
    withTenant(
      t.db,
      t.a,
      (tx) => sql`select core.expire_raw_events('core.tenants', now() - interval '2 days', 1000)`.execute(tx),
    ),
    /not a raw event table/,
  );
});

Deno.test("events older than the district keeps raw events are refused, naming each; nothing is stored", async () => {
  await using t = await datacenterSetup();
  await withTenant(
    t.db,
    t.a,
    (tx) => setRetentionPolicy(tx, appendAudit, { dataClass: "raw_parking_events", days: 60, actor: "user:test" }),
  );
  const gate = await t.keyClient(t.a);
  const refused = await gate.post("/api/v1/events", {
    events: [parking("p-50", "苏C12345", daysAgo(50)), parking("p-90", "苏C12345", daysAgo(90))],
  });
  assert.equal(refused.status, 422);
  const body = await refused.json();
  assert.deepEqual(body.errors.map((e: { field: string }) => e.field), ["events.1.at"]);
  assert.match(body.errors[0].message, /60 days/);
  assert.equal(await t.count(t.a, "parking"), 0);
  // The other district keeps the default (180 days) and accepts the same event.
  const other = await t.keyClient(t.b);
  assert.equal(
    (await other.post("/api/v1/events", { events: [parking("p-90", "苏C12345", daysAgo(90))] })).status,
    200,
  );
});

Deno.test("a proven plate's parking events are exported and erased, in that district only", async () => {
  await using t = await datacenterSetup();
  const gate = await t.keyClient(t.a);
  const at = daysAgo(2);
  assert.equal(
    (await gate.post("/api/v1/events", {
      events: [
        parking("a-in", "苏C12345", at, "in"),
        parking("a-out", "苏C12345", daysAgo(1), "out"),
        parking("b-in", "京A88888", at, "in"),
      ],
    })).status,
    200,
  );
  const other = await t.keyClient(t.b);
  assert.equal((await other.post("/api/v1/events", { events: [parking("x", "苏C12345", at)] })).status, 200);

  const admin = await t.signIn(t.a, "operator_admin");
  const exported = await admin.post("/api/v1/privacy/subject-requests", {
    kind: "export",
    subjectId: "visitor-plate-request",
    identifiers: { plate: "苏C12345" },
  });
  assert.equal(exported.status, 200, await exported.clone().text());
  const section = (await exported.json()).sections["core.parking-plates"];
  assert.deepEqual(section.map((e: { direction: string; gate: string }) => [e.gate, e.direction]), [
    ["P1-east", "in"],
    ["P1-east", "out"],
  ]);
  assert.ok(!JSON.stringify(section).includes("京A88888"));

  const erased = await admin.post("/api/v1/privacy/subject-requests", {
    kind: "erase",
    subjectId: "visitor-plate-request",
    identifiers: { plate: "苏C12345" },
  });
  assert.equal(erased.status, 200, await erased.clone().text());
  assert.equal((await erased.json()).handlers["core.parking-plates"].affected, 2);
  assert.equal(await t.count(t.a, "parking"), 1, "only the other plate is left");
  assert.equal(await t.count(t.b, "parking"), 1, "the other district's events of the same plate are untouched");
});
