/** One tenant never sees another's audit entries or checkpoints. */
import assert from "node:assert/strict";
import { sql } from "kysely";
import { withPlatform, withTenant } from "../db/tenant.ts";
import { openTestDatabase } from "../../tests/support/test-db.ts";
import { createTestTenants } from "../../tests/support/tenants.ts";
import { appendAudit } from "./audit-log.ts";
import { GENESIS_HASH } from "./canonical.ts";
import { listAudit } from "./list.ts";
import { recordCheckpoint } from "./record-checkpoint.ts";
import { generateSigningKey } from "./signing-key.ts";
import { verifyChain } from "./verify.ts";

Deno.test("tenant B cannot see, list or write into tenant A's audit entries and checkpoints", async () => {
  await using database = await openTestDatabase();
  const [a, b] = await createTestTenants(database, 2);
  const { key } = await generateSigningKey();
  await withTenant(database.db, a, async (tx) => {
    await appendAudit(tx, { actor: "user:a", action: "pii.reveal", target: "member:1" });
    await appendAudit(tx, { actor: "user:a", action: "pii.export" });
  });
  await withTenant(database.db, b, (tx) => appendAudit(tx, { actor: "user:b", action: "auth.sign-in" }));
  const platform = <T>(purpose: string, fn: Parameters<typeof withPlatform<T>>[2]) =>
    withPlatform(database.db, { actor: "job:core.audit-checkpoint", purpose }, fn);
  const tomorrow = new Date(Date.now() + 24 * 3600_000);
  await recordCheckpoint(platform, a, { key, now: tomorrow });
  await recordCheckpoint(platform, b, { key, now: tomorrow });

  await withTenant(database.db, b, async (tx) => {
    const entries = await tx.selectFrom("core.audit_log").select(["tenant_id", "actor"]).execute();
    assert.deepEqual(entries, [{ tenant_id: b, actor: "user:b" }]);
    const checkpoints = await tx.selectFrom("core.audit_checkpoints").select(["tenant_id", "last_seq"]).execute();
    assert.deepEqual(checkpoints, [{ tenant_id: b, last_seq: 1 }]);
    const listed = await listAudit(tx, { limit: 500 });
    assert.deepEqual(listed.entries.map((e) => e.actor), ["user:b"]);
    const verified = await verifyChain(tx);
    assert.deepEqual([verified.ok, verified.checked, verified.checkpoints], [true, 1, 1]);
  });
  // Naming A's chain from B's session is refused outright rather than showing an empty chain.
  await assert.rejects(withTenant(database.db, b, (tx) => listAudit(tx, { chain: { tenantId: a } })), /belongs to/);
  // Writing into A's chain from B's session is refused by row-level security (B sees A's chain as empty,
  // so seq 1 passes the head check and the policy is what stops it).
  await assert.rejects(
    withTenant(
      database.db,
      b,
      (tx) =>
        sql`insert into core.audit_log (tenant_id, seq, at, actor, action, prev_hash, hash)
          values (${a}, 1, now(), 'user:b', 'x.forged', ${GENESIS_HASH}, ${GENESIS_HASH})`.execute(tx),
    ),
    /row-level security/,
  );
  const aSees = await withTenant(database.db, a, (tx) => listAudit(tx));
  assert.deepEqual(aSees.entries.map((e) => e.actor), ["user:a", "user:a"]);
});
