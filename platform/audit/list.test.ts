import assert from "node:assert/strict";
import { sql } from "kysely";
import { withPlatform, withTenant } from "../db/tenant.ts";
import { openTestDatabase } from "../../tests/support/test-db.ts";
import { createTestTenants } from "../../tests/support/tenants.ts";
import { appendAudit, appendPlatformAudit } from "./audit-log.ts";
import { listAudit } from "./list.ts";
import { asAttacker } from "./test-helpers.ts";

const ADMIN = { actor: "user:admin", purpose: "audit test" };

async function setup() {
  const database = await openTestDatabase();
  const [a] = await createTestTenants(database, 1);
  const actions = ["pii.reveal", "auth.sign-in", "pii.export", "plugin.enable", "pii_x.odd", "pii.reveal"];
  await withTenant(database.db, a, async (tx) => {
    for (let i = 0; i < 60; i++) {
      await appendAudit(tx, { actor: `user:${i % 2}`, action: actions[i % actions.length], details: { i } });
    }
  });
  return { database, a };
}

Deno.test("newest first, 50 by default, paged by cursor to the end", async () => {
  const { database, a } = await setup();
  await using _ = database;
  const first = await withTenant(database.db, a, (tx) => listAudit(tx));
  assert.equal(first.entries.length, 50);
  assert.deepEqual([first.entries[0].seq, first.entries[49].seq], [60, 11]);
  assert.equal(first.nextCursor, "11");
  const second = await withTenant(database.db, a, (tx) => listAudit(tx, { cursor: first.nextCursor! }));
  assert.deepEqual(second.entries.map((e) => e.seq), [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
  assert.equal(second.nextCursor, null);
  // Entries appended meanwhile do not shift the pages already handed out.
  await withTenant(database.db, a, (tx) => appendAudit(tx, { actor: "user:9", action: "x.new" }));
  const again = await withTenant(database.db, a, (tx) => listAudit(tx, { cursor: "11", limit: 3 }));
  assert.deepEqual(again.entries.map((e) => e.seq), [10, 9, 8]);
  assert.equal(again.nextCursor, "8");
});

Deno.test("filters: actor, exact action, action prefix, time range; limits are checked", async () => {
  const { database, a } = await setup();
  await using _ = database;
  const list = (options: Parameters<typeof listAudit>[1]) => withTenant(database.db, a, (tx) => listAudit(tx, options));
  const byActor = await list({ actor: "user:1", limit: 500 });
  assert.equal(byActor.entries.length, 30);
  assert.ok(byActor.entries.every((e) => e.actor === "user:1"));
  const exact = await list({ action: "pii.reveal", limit: 500 });
  assert.equal(exact.entries.length, 20);
  // "pii." is a prefix; "pii_x.odd" must not match it (the underscore is not a wildcard).
  const prefix = await list({ action: "pii.", limit: 500 });
  assert.deepEqual(new Set(prefix.entries.map((e) => e.action)), new Set(["pii.reveal", "pii.export"]));
  assert.equal(prefix.entries.length, 30);
  const paged = await list({ action: "pii.", actor: "user:0", limit: 4 });
  assert.ok(paged.entries.every((e) => e.action.startsWith("pii.") && e.actor === "user:0"));
  const rest = await list({ action: "pii.", actor: "user:0", limit: 4, cursor: paged.nextCursor! });
  assert.ok(rest.entries[0].seq < paged.entries[3].seq);

  // Spread the entries over time (as an attacker would have to: the database refuses back-dated appends).
  await asAttacker(database.db, async (tx) => {
    await sql`update core.audit_log set at = timestamptz '2025-01-01T00:00:00Z' + seq * interval '1 hour'
               where tenant_id = ${a}`.execute(tx);
  });
  const range = await list({ from: "2025-01-01T10:00:00Z", to: new Date("2025-01-01T15:00:00Z") });
  assert.deepEqual(range.entries.map((e) => e.seq), [14, 13, 12, 11, 10]);

  assert.equal((await list({ limit: 10_000 })).entries.length, 60);
  await assert.rejects(list({ limit: 0 }), /limit/);
  await assert.rejects(list({ limit: 2.5 }), /limit/);
  await assert.rejects(list({ cursor: "abc" }), /cursor/);
  await assert.rejects(list({ from: "not a date" }), /from/);
});

Deno.test("the platform lists its own chain, or a tenant's by naming it", async () => {
  const { database, a } = await setup();
  await using _ = database;
  await withPlatform(
    database.db,
    ADMIN,
    (tx) => appendPlatformAudit(tx, { actor: "user:admin", action: "tenant.create" }),
  );
  const platform = await withPlatform(database.db, ADMIN, (tx) => listAudit(tx, { chain: "platform" }));
  assert.deepEqual(platform.entries.map((e) => [e.seq, e.action, e.tenantId]), [[1, "tenant.create", null]]);
  const tenant = await withPlatform(database.db, ADMIN, (tx) => listAudit(tx, { chain: { tenantId: a }, limit: 2 }));
  assert.deepEqual(tenant.entries.map((e) => [e.seq, e.tenantId]), [[60, a], [59, a]]);
  // Without a chain the platform path has no tenant to list.
  await assert.rejects(withPlatform(database.db, ADMIN, (tx) => listAudit(tx)), /inside withTenant/);
});
