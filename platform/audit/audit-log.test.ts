import assert from "node:assert/strict";
import { sql } from "kysely";
import { openDatabase } from "../db/database.ts";
import { withPlatform, withTenant } from "../db/tenant.ts";
import { openTestDatabase } from "../../tests/support/test-db.ts";
import { createTestTenants } from "../../tests/support/tenants.ts";
import { appendAudit, appendAuditEntry, appendPlatformAudit, AuditInputError } from "./audit-log.ts";
import { entryHash, GENESIS_HASH } from "./canonical.ts";
import { selectEntries } from "./entry-query.ts";
import { postgresUrlOf } from "./test-helpers.ts";
import type { AuditChain, AuditEntry } from "./types.ts";
import { verifyChain } from "./verify.ts";

const ADMIN = { actor: "user:admin", purpose: "audit test" };

/** Every entry of a chain, read as the platform. */
function readChain(database: { db: Parameters<typeof withPlatform>[0] }, chain: AuditChain): Promise<AuditEntry[]> {
  return withPlatform(
    database.db,
    ADMIN,
    (tx) => selectEntries(tx, chain, { order: "asc", limit: 100_000 }),
  );
}

async function assertLinked(entries: AuditEntry[]): Promise<void> {
  assert.deepEqual(entries.map((e) => e.seq), entries.map((_, i) => i + 1));
  let prev = GENESIS_HASH;
  for (const entry of entries) {
    assert.equal(entry.prevHash, prev, `prev of seq ${entry.seq}`);
    assert.equal(await entryHash(entry), entry.hash, `hash of seq ${entry.seq}`);
    prev = entry.hash;
  }
}

Deno.test("appends form a chain: seq 1, 2, 3 …, each prev the hash before, the first prev the genesis value", async () => {
  await using database = await openTestDatabase();
  const [a] = await createTestTenants(database, 1);
  const first = await withTenant(
    database.db,
    a,
    (tx) => appendAuditEntry(tx, { actor: "user:1", action: "auth.sign-in" }),
  );
  assert.equal(first.seq, 1);
  await withTenant(database.db, a, async (tx) => {
    await appendAudit(tx, {
      actor: "user:1",
      action: "pii.reveal",
      target: "member:9",
      details: { type: "phone", reason: "投诉处理", when: new Date("2025-05-01T00:00:00Z") },
    });
    await appendAudit(tx, { actor: "user:1", action: "plugin.enable", target: "plugin:parking" });
  });
  const entries = await readChain(database, { tenantId: a });
  await assertLinked(entries);
  assert.equal(entries[0].prevHash, GENESIS_HASH);
  assert.equal(entries[0].hash, first.hash);
  assert.deepEqual(entries[1].details, { type: "phone", reason: "投诉处理", when: "2025-05-01T00:00:00.000Z" });
  assert.equal(entries[1].target, "member:9");
  assert.equal(entries[0].target, null);
  assert.equal(entries[0].tenantId, a);
  // Time never runs backwards along a chain.
  for (let i = 1; i < entries.length; i++) assert.ok(entries[i].at >= entries[i - 1].at);
});

Deno.test("a rolled-back transaction leaves no entry and no gap", async () => {
  await using database = await openTestDatabase();
  const [a] = await createTestTenants(database, 1);
  await withTenant(database.db, a, (tx) => appendAudit(tx, { actor: "user:1", action: "x.one" }));
  await assert.rejects(
    withTenant(database.db, a, async (tx) => {
      await appendAudit(tx, { actor: "user:1", action: "x.rolled-back" });
      throw new Error("the action failed");
    }),
    /the action failed/,
  );
  await withTenant(database.db, a, (tx) => appendAudit(tx, { actor: "user:1", action: "x.two" }));
  const entries = await readChain(database, { tenantId: a });
  assert.deepEqual(entries.map((e) => [e.seq, e.action]), [[1, "x.one"], [2, "x.two"]]);
  await assertLinked(entries);
});

Deno.test("many concurrent appends, some rolled back, give one gapless linked chain per tenant", async () => {
  await using database = await openTestDatabase();
  const [a, b] = await createTestTenants(database, 2);
  // On PostgreSQL, a pool big enough that the transactions really overlap; PGlite serialises them anyway.
  const url = Deno.env.get("DATABASE_URL");
  const busy = url ? await openDatabase({ url: await postgresUrlOf(database.db, url), poolSize: 24 }) : database;
  try {
    const attempts = Array.from({ length: 50 }, (_, i) => ({ i, tenant: i % 5 === 4 ? b : a, fail: i % 7 === 3 }));
    const results = await Promise.allSettled(
      attempts.map(({ i, tenant, fail }) =>
        withTenant(busy.db, tenant, async (tx) => {
          // Some work before and after, so that the transactions overlap while they hold or wait for the lock.
          await sql`select pg_sleep(${(i % 3) * 0.002})`.execute(tx);
          await appendAudit(tx, { actor: `user:${i}`, action: "load.append", details: { i } });
          await sql`select pg_sleep(${(i % 2) * 0.002})`.execute(tx);
          if (fail) throw new Error(`rollback ${i}`);
        })
      ),
    );
    const failed = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
    assert.ok(failed.every((r) => /^rollback \d+$/.test((r.reason as Error).message)), String(failed[0]?.reason));
    const committedA = attempts.filter((x) => x.tenant === a && !x.fail).map((x) => x.i);
    const committedB = attempts.filter((x) => x.tenant === b && !x.fail).map((x) => x.i);
    const chainA = await readChain(busy, { tenantId: a });
    const chainB = await readChain(busy, { tenantId: b });
    await assertLinked(chainA);
    await assertLinked(chainB);
    assert.deepEqual(chainA.map((e) => e.details.i).sort((x, y) => Number(x) - Number(y)), committedA);
    assert.deepEqual(chainB.map((e) => e.details.i).sort((x, y) => Number(x) - Number(y)), committedB);
    const verified = await withTenant(busy.db, a, (tx) => verifyChain(tx));
    assert.equal(verified.ok, true);
    assert.equal(verified.checked, committedA.length);
  } finally {
    if (busy !== database) await busy.close();
  }
});

Deno.test("appendAudit outside withTenant is refused, and so is an entry without actor or action", async () => {
  await using database = await openTestDatabase();
  const [a] = await createTestTenants(database, 1);
  await assert.rejects(
    withPlatform(database.db, ADMIN, (tx) => appendAudit(tx, { actor: "user:1", action: "x.y" })),
    /must run inside withTenant/,
  );
  await assert.rejects(
    withTenant(database.db, a, (tx) => appendAudit(tx, { actor: " ", action: "x.y" })),
    AuditInputError,
  );
  await assert.rejects(
    withTenant(database.db, a, (tx) => appendAudit(tx, { actor: "user:1", action: "two words" })),
    AuditInputError,
  );
});

Deno.test("the platform chain is separate, reached through withPlatform, and closed to tenant sessions", async () => {
  await using database = await openTestDatabase();
  const [a] = await createTestTenants(database, 1);
  await withPlatform(database.db, ADMIN, async (tx) => {
    await appendPlatformAudit(tx, { actor: "user:admin", action: "tenant.create", target: `tenant:${a}` });
    await appendPlatformAudit(tx, { actor: "user:admin", action: "plan.update", target: "plan:test-plan" });
  });
  await withTenant(database.db, a, (tx) => appendAudit(tx, { actor: "user:1", action: "x.y" }));
  const platform = await readChain(database, "platform");
  await assertLinked(platform);
  assert.deepEqual(platform.map((e) => [e.seq, e.action, e.tenantId]), [[1, "tenant.create", null], [
    2,
    "plan.update",
    null,
  ]]);
  assert.equal((await readChain(database, { tenantId: a })).length, 1);
  await assert.rejects(
    withTenant(database.db, a, (tx) => appendPlatformAudit(tx, { actor: "user:1", action: "x.y" })),
    /permission denied/,
  );
  await assert.rejects(
    withTenant(database.db, a, (tx) => sql`select * from core.platform_audit_log`.execute(tx)),
    /permission denied/,
  );
});
