/** The database itself keeps the audit tables append-only, whatever the application does. */
import assert from "node:assert/strict";
import { sql } from "kysely";
import { OWNER_ROLE } from "../db/roles.ts";
import { findSchemaViolations } from "../db/schema-rules.ts";
import { withPlatform, withTenant } from "../db/tenant.ts";
import { openTestDatabase } from "../../tests/support/test-db.ts";
import { createTestTenants } from "../../tests/support/tenants.ts";
import { appendAudit, appendPlatformAudit } from "./audit-log.ts";
import { GENESIS_HASH } from "./canonical.ts";

const ADMIN = { actor: "user:admin", purpose: "audit test" };

async function setup() {
  const database = await openTestDatabase();
  const [a] = await createTestTenants(database, 1);
  await withTenant(database.db, a, (tx) => appendAudit(tx, { actor: "user:1", action: "x.one" }));
  await withPlatform(database.db, ADMIN, (tx) => appendPlatformAudit(tx, { actor: "user:admin", action: "x.one" }));
  return { database, a };
}

Deno.test("the application role cannot update or delete audit entries or checkpoints", async () => {
  const { database, a } = await setup();
  await using _ = database;
  const db = database.db;
  for (
    const statement of [
      sql`update core.audit_log set actor = 'user:someone-else'`,
      sql`delete from core.audit_log`,
      sql`truncate core.audit_log`,
      sql`update core.audit_checkpoints set head_hash = ${GENESIS_HASH}`,
      sql`delete from core.audit_checkpoints`,
      sql`insert into core.audit_checkpoints (tenant_id, day, last_seq, head_hash, key_id, signature)
          values (${a}, '2025-01-01', 0, ${GENESIS_HASH}, '0123456789abcdef', 'forged')`,
    ]
  ) {
    await assert.rejects(withTenant(db, a, (tx) => statement.execute(tx)), /permission denied/);
  }
});

Deno.test("the platform role can read and append but not rewrite", async () => {
  const { database } = await setup();
  await using _ = database;
  for (
    const statement of [
      sql`update core.audit_log set actor = 'user:someone-else'`,
      sql`delete from core.audit_log`,
      sql`insert into core.audit_log select * from core.audit_log`,
      sql`update core.platform_audit_log set actor = 'user:someone-else'`,
      sql`delete from core.platform_audit_log`,
      sql`update core.audit_checkpoints set head_hash = ${GENESIS_HASH}`,
      sql`delete from core.audit_checkpoints`,
    ]
  ) {
    await assert.rejects(withPlatform(database.db, ADMIN, (tx) => statement.execute(tx)), /permission denied/);
  }
  const { rows } = await withPlatform(
    database.db,
    ADMIN,
    (tx) => sql<{ n: number }>`select count(*)::int as n from core.audit_log`.execute(tx),
  );
  assert.equal(rows[0].n, 1);
});

Deno.test("the trigger refuses update, delete and truncate even to the owner and a superuser", async () => {
  const { database, a } = await setup();
  await using _ = database;
  const db = database.db;
  const statements = [
    "update core.audit_log set actor = 'user:someone-else'",
    "delete from core.audit_log",
    "truncate core.audit_log",
    "update core.platform_audit_log set actor = 'user:someone-else'",
    "delete from core.platform_audit_log",
    "truncate core.platform_audit_log",
    "update core.audit_checkpoints set signed_at = now()",
    "delete from core.audit_checkpoints",
    "truncate core.audit_checkpoints",
  ];
  // "none" is the session user: a superuser in tests.
  for (const role of [OWNER_ROLE, "none"]) {
    for (const statement of statements) {
      await assert.rejects(
        db.transaction().execute(async (tx) => {
          await sql.raw(`set local role ${role}`).execute(tx);
          await sql`select set_config('app.tenant_id', ${a}, true)`.execute(tx);
          await sql.raw(statement).execute(tx);
        }),
        /is append-only/,
        `${role}: ${statement}`,
      );
    }
  }
});

Deno.test("the database refuses an entry that does not extend its chain's head", async () => {
  const { database, a } = await setup();
  await using _ = database;
  const insert = (seq: number, prev: string, at = "now()") =>
    withTenant(
      database.db,
      a,
      (tx) =>
        sql`insert into core.audit_log (tenant_id, seq, at, actor, action, prev_hash, hash)
          values (${a}, ${seq}, ${sql.raw(at)}, 'user:1', 'x.forged', ${prev}, ${"f".repeat(64)})`.execute(tx),
    );
  const { rows } = await withTenant(
    database.db,
    a,
    (tx) => sql<{ hash: string }>`select hash from core.audit_log where seq = 1`.execute(tx),
  );
  await assert.rejects(insert(5, rows[0].hash), /does not extend the head/);
  await assert.rejects(insert(2, GENESIS_HASH), /does not extend the head/);
  await assert.rejects(insert(1, GENESIS_HASH), /does not extend the head/);
  await assert.rejects(insert(2, rows[0].hash, "'2000-01-01'"), /dated before the head/);
});

Deno.test("the audit tables keep the tenant isolation rules", async () => {
  await using database = await openTestDatabase();
  assert.deepEqual(await findSchemaViolations(database.db), []);
  const { rows } = await sql<{ table: string; rls: boolean; forced: boolean }>`
    select c.oid::regclass::text as table, c.relrowsecurity as rls, c.relforcerowsecurity as forced
      from pg_class c where c.oid in ('core.audit_log'::regclass, 'core.audit_checkpoints'::regclass)
     order by 1`.execute(database.db);
  assert.deepEqual(rows, [
    { table: "core.audit_checkpoints", rls: true, forced: true },
    { table: "core.audit_log", rls: true, forced: true },
  ]);
});
