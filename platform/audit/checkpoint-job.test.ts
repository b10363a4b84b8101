import assert from "node:assert/strict";
import { sql } from "kysely";
import type { Database } from "../db/database.ts";
import { withTenant } from "../db/tenant.ts";
import { planSchedules } from "../jobs/define.ts";
import { executeJob } from "../jobs/runner.ts";
import { memoryLogger } from "../log.ts";
import { openTestDatabase } from "../../tests/support/test-db.ts";
import { createTestTenants } from "../../tests/support/tenants.ts";
import { appendAudit } from "./audit-log.ts";
import { GENESIS_HASH } from "./canonical.ts";
import { type AuditCheckpoint, checkpointText } from "./checkpoint.ts";
import { auditCheckpointJob, auditCheckpointSchedule, createAuditCheckpointJob } from "./checkpoint-job.ts";
import { AuditChainBrokenError } from "./record-checkpoint.ts";
import { type AuditSigningKey, fromBase64, generateSigningKey, parsePublicKey } from "./signing-key.ts";
import { asAttacker } from "./test-helpers.ts";
import { verifyChain } from "./verify.ts";

const DAY_MS = 24 * 3600_000;

function runJob(database: Database, key: AuditSigningKey, tenantId: string, input: unknown, now?: Date) {
  const job = createAuditCheckpointJob({ signingKey: () => Promise.resolve(key), now: now && (() => now) });
  return executeJob(
    { db: database.db, log: memoryLogger("error"), jobs: [job], schedules: [] },
    job,
    { input, tenantId, jobId: crypto.randomUUID(), attempt: 1 },
  ) as Promise<AuditCheckpoint>;
}

async function append(database: Database, tenantId: string, count: number) {
  await withTenant(database.db, tenantId, async (tx) => {
    for (let i = 0; i < count; i++) await appendAudit(tx, { actor: "user:1", action: "member.view" });
  });
}

/** Today's date in Shanghai, the test tenants' time zone. */
function shanghaiDate(at: Date): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(at);
}

Deno.test("the job and its schedule: per tenant, daily at 00:10 in the tenant's time zone", () => {
  assert.equal(auditCheckpointJob.name, "core.audit-checkpoint");
  assert.equal(auditCheckpointJob.perTenant, true);
  assert.equal(auditCheckpointSchedule.cron, "10 0 * * *");
  assert.equal(auditCheckpointSchedule.perTenant, true);
  const [planned] = planSchedules([auditCheckpointSchedule], [{ id: "t1", timeZone: "Asia/Shanghai" }]);
  assert.deepEqual([planned.key, planned.timeZone, planned.tenantId], [
    "core.audit-checkpoint:t1",
    "Asia/Shanghai",
    "t1",
  ]);
});

Deno.test("the job signs the head of the day that ended; anyone with the public key can check it", async () => {
  await using database = await openTestDatabase();
  const [a] = await createTestTenants(database, 1);
  const { key } = await generateSigningKey();
  await append(database, a, 4);
  const tomorrow = new Date(Date.now() + DAY_MS);
  const checkpoint = await runJob(database, key, a, {}, tomorrow);
  const head = await withTenant(database.db, a, (tx) => verifyChain(tx));
  assert.deepEqual(
    [checkpoint.tenantId, checkpoint.day, checkpoint.lastSeq, checkpoint.headHash, checkpoint.keyId],
    [a, shanghaiDate(new Date()), 4, head.head.hash, key.keyId],
  );
  // An auditor gets only the exported public key and the stored row.
  const auditorKey = await parsePublicKey(key.publicKey.spkiBase64);
  assert.equal(auditorKey.keyId, key.keyId);
  const valid = await crypto.subtle.verify(
    { name: "Ed25519" },
    auditorKey.key,
    fromBase64(checkpoint.signature),
    new TextEncoder().encode(checkpointText(checkpoint)),
  );
  assert.equal(valid, true);
  // Running again (a retry, a second worker) keeps the first checkpoint.
  await append(database, a, 1);
  assert.deepEqual(await runJob(database, key, a, {}, tomorrow), checkpoint);
  // The next day continues from it.
  const next = await runJob(database, key, a, {}, new Date(Date.now() + 2 * DAY_MS));
  assert.equal(next.lastSeq, 5);
  const verified = await withTenant(database.db, a, (tx) => verifyChain(tx, { publicKeys: [key.publicKey] }));
  assert.deepEqual([verified.ok, verified.checkpoints], [true, 2]);
});

Deno.test("entries dated after the day are not in its checkpoint; a day not yet over is refused", async () => {
  await using database = await openTestDatabase();
  const [a] = await createTestTenants(database, 1);
  const { key } = await generateSigningKey();
  await append(database, a, 3);
  // Yesterday, by the real clock: the entries were all made today.
  const yesterday = await runJob(database, key, a, {});
  assert.deepEqual([yesterday.day, yesterday.lastSeq, yesterday.headHash], [
    shanghaiDate(new Date(Date.now() - DAY_MS)),
    0,
    GENESIS_HASH,
  ]);
  await assert.rejects(runJob(database, key, a, { date: shanghaiDate(new Date()) }), /has not ended yet/);
  await assert.rejects(runJob(database, key, a, { date: "yesterday" }), /YYYY-MM-DD/);
  // A past day can be back-filled.
  const older = await runJob(database, key, a, { date: "2024-12-31" });
  assert.deepEqual([older.day, older.lastSeq], ["2024-12-31", 0]);
});

Deno.test("the job refuses to sign a chain that does not verify", async () => {
  await using database = await openTestDatabase();
  const [a] = await createTestTenants(database, 1);
  const { key } = await generateSigningKey();
  await append(database, a, 3);
  await asAttacker(database.db, async (tx) => {
    await sql`update core.audit_log set actor = 'user:2' where tenant_id = ${a} and seq = 2`.execute(tx);
  });
  await assert.rejects(runJob(database, key, a, {}, new Date(Date.now() + DAY_MS)), (error) => {
    assert.ok(error instanceof AuditChainBrokenError);
    assert.deepEqual([error.broken.seq, error.broken.reason], [2, "hash mismatch"]);
    return true;
  });
  const stored = await withTenant(
    database.db,
    a,
    (tx) => tx.selectFrom("core.audit_checkpoints").selectAll().execute(),
  );
  assert.equal(stored.length, 0);
});
