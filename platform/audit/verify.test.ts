import assert from "node:assert/strict";
import { sql } from "kysely";
import type { Database } from "../db/database.ts";
import { withPlatform, withTenant } from "../db/tenant.ts";
import { openTestDatabase } from "../../tests/support/test-db.ts";
import { createTestTenants } from "../../tests/support/tenants.ts";
import { appendAudit, appendPlatformAudit } from "./audit-log.ts";
import { entryHash } from "./canonical.ts";
import { recordCheckpoint } from "./record-checkpoint.ts";
import { generateSigningKey } from "./signing-key.ts";
import { asAttacker, recomputeTenantChain } from "./test-helpers.ts";
import { verifyChain } from "./verify.ts";

const ADMIN = { actor: "user:admin", purpose: "audit test" };

async function appendMany(database: Database, tenantId: string, count: number): Promise<void> {
  await withTenant(database.db, tenantId, async (tx) => {
    for (let i = 1; i <= count; i++) {
      await appendAudit(tx, { actor: `user:${i % 3}`, action: "member.view", target: `member:${i}`, details: { i } });
    }
  });
}

const verify = (database: Database, tenantId: string, pageSize = 4) =>
  withTenant(database.db, tenantId, (tx) => verifyChain(tx, { pageSize }));

Deno.test("an intact chain verifies, page by page", async () => {
  await using database = await openTestDatabase();
  const [a, b] = await createTestTenants(database, 2);
  await appendMany(database, a, 11);
  const result = await verify(database, a);
  assert.equal(result.ok, true);
  assert.equal(result.checked, 11);
  assert.equal(result.head.seq, 11);
  assert.equal(result.firstBroken, undefined);
  // An empty chain is intact too.
  assert.deepEqual(await verify(database, b), {
    ok: true,
    checked: 0,
    checkpoints: 0,
    signaturesChecked: false,
    head: { seq: 0, hash: "0".repeat(64) },
  });
});

Deno.test("an entry edited in the database is found at its seq", async () => {
  await using database = await openTestDatabase();
  const [a] = await createTestTenants(database, 1);
  await appendMany(database, a, 9);
  await asAttacker(database.db, async (tx) => {
    await sql`update core.audit_log set actor = 'user:nobody' where tenant_id = ${a} and seq = 6`.execute(tx);
  });
  const result = await verify(database, a);
  assert.equal(result.ok, false);
  assert.equal(result.checked, 5);
  assert.deepEqual(result.firstBroken && [result.firstBroken.seq, result.firstBroken.reason], [6, "hash mismatch"]);
});

Deno.test("an edited entry whose hash was recomputed breaks the link from the next one", async () => {
  await using database = await openTestDatabase();
  const [a] = await createTestTenants(database, 1);
  await appendMany(database, a, 9);
  await asAttacker(database.db, async (tx) => {
    const row = await tx.selectFrom("core.audit_log").selectAll().where("tenant_id", "=", a).where("seq", "=", 4)
      .executeTakeFirstOrThrow();
    const details = { ...row.details, i: 400 };
    const hash = await entryHash({ ...row, tenantId: a, details, prevHash: row.prev_hash });
    await sql`update core.audit_log set details = ${JSON.stringify(details)}::jsonb, hash = ${hash}
               where tenant_id = ${a} and seq = 4`.execute(tx);
  });
  const result = await verify(database, a);
  assert.deepEqual(result.firstBroken && [result.firstBroken.seq, result.firstBroken.reason], [5, "prev mismatch"]);
});

Deno.test("a deleted entry is reported as a gap at its seq", async () => {
  await using database = await openTestDatabase();
  const [a, b] = await createTestTenants(database, 2);
  await appendMany(database, a, 9);
  await appendMany(database, b, 3);
  await asAttacker(database.db, async (tx) => {
    await sql`delete from core.audit_log where tenant_id = ${a} and seq = 8`.execute(tx);
    await sql`delete from core.audit_log where tenant_id = ${b} and seq = 1`.execute(tx);
  });
  const result = await verify(database, a);
  assert.equal(result.checked, 7);
  assert.deepEqual(result.firstBroken && [result.firstBroken.seq, result.firstBroken.reason], [8, "gap"]);
  const first = await verify(database, b);
  assert.deepEqual(first.firstBroken && [first.firstBroken.seq, first.firstBroken.reason], [1, "gap"]);
});

Deno.test("history rewritten with every hash recomputed is caught by the signed checkpoint", async () => {
  await using database = await openTestDatabase();
  const [a] = await createTestTenants(database, 1);
  const { key } = await generateSigningKey();
  const platform = <T>(purpose: string, fn: Parameters<typeof withPlatform<T>>[2]) =>
    withPlatform(database.db, { actor: "job:core.audit-checkpoint", purpose }, fn);
  await appendMany(database, a, 6);
  // Checkpoint "today" by pretending it is already tomorrow, so the six entries are in the signed day.
  const tomorrow = new Date(Date.now() + 24 * 3600_000);
  const { checkpoint } = await recordCheckpoint(platform, a, { key, now: tomorrow });
  assert.equal(checkpoint.lastSeq, 6);
  await appendMany(database, a, 3);
  const before = await withTenant(database.db, a, (tx) => verifyChain(tx, { publicKeys: [key.publicKey] }));
  assert.deepEqual([before.ok, before.checked, before.checkpoints, before.signaturesChecked], [true, 9, 1, true]);

  // The attacker changes entry 2 and recomputes every hash after it: the chain alone looks perfect.
  await asAttacker(database.db, async (tx) => {
    await sql`update core.audit_log set target = 'member:innocent' where tenant_id = ${a} and seq = 2`.execute(tx);
    await recomputeTenantChain(tx, a);
  });
  const after = await withTenant(database.db, a, (tx) => verifyChain(tx, { publicKeys: [key.publicKey] }));
  assert.equal(after.ok, false);
  assert.deepEqual(after.firstBroken && [after.firstBroken.seq, after.firstBroken.reason], [6, "checkpoint mismatch"]);
  // Without the key the head comparison alone still catches it.
  const unsigned = await withTenant(database.db, a, (tx) => verifyChain(tx));
  assert.equal(unsigned.firstBroken?.reason, "checkpoint mismatch");

  // Rewriting the checkpoint's head too does not help: the signature no longer matches.
  await asAttacker(database.db, async (tx) => {
    const { rows } = await sql<{ hash: string }>`select hash from core.audit_log where tenant_id = ${a} and seq = 6`
      .execute(tx);
    await sql`update core.audit_checkpoints set head_hash = ${rows[0].hash} where tenant_id = ${a}`.execute(tx);
  });
  const forged = await withTenant(database.db, a, (tx) => verifyChain(tx, { publicKeys: [key.publicKey] }));
  assert.equal(forged.firstBroken?.reason, "checkpoint mismatch");
  assert.match(forged.firstBroken?.detail ?? "", /signature does not match/);
  // A verifier that holds a different key accepts nothing signed by this one.
  const other = (await generateSigningKey()).key;
  const stranger = await withTenant(database.db, a, (tx) => verifyChain(tx, { publicKeys: [other.publicKey] }));
  assert.match(stranger.firstBroken?.detail ?? "", /unknown key/);
});

Deno.test("a chain cut short after a checkpoint is caught", async () => {
  await using database = await openTestDatabase();
  const [a] = await createTestTenants(database, 1);
  const { key } = await generateSigningKey();
  const platform = <T>(purpose: string, fn: Parameters<typeof withPlatform<T>>[2]) =>
    withPlatform(database.db, { actor: "job:core.audit-checkpoint", purpose }, fn);
  await appendMany(database, a, 5);
  await recordCheckpoint(platform, a, { key, now: new Date(Date.now() + 24 * 3600_000) });
  await asAttacker(database.db, async (tx) => {
    await sql`delete from core.audit_log where tenant_id = ${a} and seq >= 4`.execute(tx);
  });
  const result = await verify(database, a);
  assert.equal(result.checked, 3);
  assert.deepEqual(result.firstBroken && [result.firstBroken.seq, result.firstBroken.reason], [
    5,
    "checkpoint mismatch",
  ]);
});

Deno.test("the platform chain verifies through withPlatform, and tampering shows there too", async () => {
  await using database = await openTestDatabase();
  await withPlatform(database.db, ADMIN, async (tx) => {
    for (let i = 0; i < 5; i++) await appendPlatformAudit(tx, { actor: "user:admin", action: "tenant.update" });
  });
  const ok = await withPlatform(database.db, ADMIN, (tx) => verifyChain(tx, { chain: "platform", pageSize: 2 }));
  assert.deepEqual([ok.ok, ok.checked], [true, 5]);
  await asAttacker(database.db, async (tx) => {
    await sql`update core.platform_audit_log set action = 'tenant.view' where seq = 3`.execute(tx);
  });
  const broken = await withPlatform(database.db, ADMIN, (tx) => verifyChain(tx, { chain: "platform" }));
  assert.deepEqual(broken.firstBroken && [broken.firstBroken.seq, broken.firstBroken.reason], [3, "hash mismatch"]);
});

Deno.test("inside withTenant only that tenant's chain can be verified", async () => {
  await using database = await openTestDatabase();
  const [a, b] = await createTestTenants(database, 2);
  await assert.rejects(
    withTenant(database.db, a, (tx) => verifyChain(tx, { chain: { tenantId: b } })),
    /belongs to tenant/,
  );
  await assert.rejects(withPlatform(database.db, ADMIN, (tx) => verifyChain(tx)), /inside withTenant/);
  // The platform may verify any tenant's chain by naming it.
  await appendMany(database, b, 2);
  const viaPlatform = await withPlatform(database.db, ADMIN, (tx) => verifyChain(tx, { chain: { tenantId: b } }));
  assert.equal(viaPlatform.checked, 2);
});
