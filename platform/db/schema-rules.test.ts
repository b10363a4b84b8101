import assert from "node:assert/strict";
import { sql } from "kysely";
import { openTestDatabase } from "../../tests/support/test-db.ts";
import { OWNER_ROLE } from "./roles.ts";
import { findSchemaViolations } from "./schema-rules.ts";

Deno.test("every tenant table in the migrated schema keeps the isolation rules", async () => {
  await using database = await openTestDatabase();
  assert.deepEqual(await findSchemaViolations(database.db), []);
});

Deno.test("the schema check reports a table that breaks the rules", async () => {
  await using database = await openTestDatabase();
  await database.db.transaction().execute(async (tx) => {
    await sql.raw(`set local role ${OWNER_ROLE}`).execute(tx);
    // Removing RLS from a real table must be noticed.
    await sql`alter table core.tenant_plugins no force row level security`
      .execute(tx);
    // A new table with tenant_id but no protection, a key without tenant_id, and a foreign key that skips it.
    await sql`create table core.careless (tenant_id uuid not null, id uuid not null, primary key (id))`
      .execute(tx);
    await sql`create table core.child (tenant_id uuid not null, id uuid not null, careless_id uuid
      references core.careless (id), primary key (tenant_id, id))`.execute(tx);
    await sql`select core.protect_tenant_table('core.child')`.execute(tx);
  });
  const violations = await findSchemaViolations(database.db);
  assert.deepEqual(violations.sort(), [
    "core.careless: no policy compares tenant_id with core.current_tenant_id()",
    "core.careless: primary key must start with tenant_id (starts with id)",
    "core.careless: row-level security is not enabled",
    "core.careless: row-level security is not forced",
    "core.child: foreign key child_careless_id_fkey between tenant tables must include tenant_id",
    "core.tenant_plugins: row-level security is not forced",
  ]);
});
