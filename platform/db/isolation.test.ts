/** Tenant isolation as the application role: one tenant can neither see nor change another's rows. */
import assert from "node:assert/strict";
import { sql } from "kysely";
import { openTestDatabase } from "../../tests/support/test-db.ts";
import { provisionTenants } from "../identity/provision.ts";
import { APP_ROLE, OWNER_ROLE } from "./roles.ts";
import { withPlatform, withTenant } from "./tenant.ts";

const catalogue = {
  plans: [{
    id: "basic",
    name: { zh: "基础版", en: "Basic" },
    plugins: ["parking", "membership"],
  }],
  tenants: [
    {
      slug: "district-a",
      name: { zh: "甲商圈", en: "District A" },
      city: "徐州市",
      plan: "basic",
      timeZone: "Asia/Shanghai",
      plugins: ["parking"],
    },
    {
      slug: "district-b",
      name: { zh: "乙商圈", en: "District B" },
      city: "北京市",
      plan: "basic",
      timeZone: "Asia/Shanghai",
      plugins: ["membership"],
    },
  ],
};

async function setup() {
  const database = await openTestDatabase();
  const report = await provisionTenants(database.db, catalogue);
  return {
    database,
    a: report.tenantIds["district-a"],
    b: report.tenantIds["district-b"],
  };
}

Deno.test("a tenant session runs as the application role, which is neither superuser nor owner", async () => {
  const { database, a } = await setup();
  await using _ = database;
  const who = await withTenant(
    database.db,
    a,
    (tx) =>
      sql<
        {
          current_user: string;
          rolsuper: boolean;
          rolbypassrls: boolean;
          tenant: string;
        }
      >`
      select current_user, r.rolsuper, r.rolbypassrls, core.current_tenant_id()::text as tenant
        from pg_roles r where r.rolname = current_user`.execute(tx),
  );
  assert.deepEqual(who.rows[0], {
    current_user: APP_ROLE,
    rolsuper: false,
    rolbypassrls: false,
    tenant: a,
  });
});

Deno.test("tenant A cannot select, insert, update or delete tenant B's rows", async () => {
  const { database, a, b } = await setup();
  await using _ = database;
  const db = database.db;

  const seen = await withTenant(
    db,
    a,
    (tx) => tx.selectFrom("core.tenant_plugins").selectAll().execute(),
  );
  assert.deepEqual(seen.map((r) => [r.tenant_id, r.plugin_id]), [[
    a,
    "parking",
  ]]);
  const tenants = await withTenant(
    db,
    a,
    (tx) => tx.selectFrom("core.tenants").select("slug").execute(),
  );
  assert.deepEqual(tenants.map((t) => t.slug), ["district-a"]);

  await assert.rejects(
    withTenant(
      db,
      a,
      (tx) =>
        tx.insertInto("core.tenant_plugins").values({
          tenant_id: b,
          plugin_id: "parking",
          enabled: true,
        }).execute(),
    ),
    /row-level security/,
  );

  const updated = await withTenant(
    db,
    a,
    (tx) =>
      tx.updateTable("core.tenant_plugins").set({ enabled: false }).where(
        "tenant_id",
        "=",
        b,
      ).executeTakeFirst(),
  );
  assert.equal(updated.numUpdatedRows, 0n);
  // Moving one's own row to another tenant is refused too.
  await assert.rejects(
    withTenant(
      db,
      a,
      (tx) => tx.updateTable("core.tenant_plugins").set({ tenant_id: b }).execute(),
    ),
    /row-level security/,
  );
  const deleted = await withTenant(
    db,
    a,
    (tx) =>
      tx.deleteFrom("core.tenant_plugins").where("tenant_id", "=", b)
        .executeTakeFirst(),
  );
  assert.equal(deleted.numDeletedRows, 0n);

  const bRows = await withTenant(
    db,
    b,
    (tx) => tx.selectFrom("core.tenant_plugins").selectAll().execute(),
  );
  assert.deepEqual(bRows.map((r) => [r.tenant_id, r.plugin_id, r.enabled]), [[
    b,
    "membership",
    true,
  ]]);
});

Deno.test("without a tenant set, nothing is visible and nothing can be written", async () => {
  const { database, a } = await setup();
  await using _ = database;
  const db = database.db;
  // The plain handle runs as the application role too, with no tenant.
  assert.equal(
    (await db.selectFrom("core.tenant_plugins").selectAll().execute()).length,
    0,
  );
  assert.equal(
    (await db.selectFrom("core.tenants").selectAll().execute()).length,
    0,
  );
  await assert.rejects(
    db.insertInto("core.tenant_plugins").values({
      tenant_id: a,
      plugin_id: "x1",
      enabled: true,
    }).execute(),
    /row-level security/,
  );
  const inTx = await db.transaction().execute(async (tx) => {
    await sql.raw(`set local role ${APP_ROLE}`).execute(tx);
    return tx.selectFrom("core.tenant_plugins").selectAll().execute();
  });
  assert.equal(inTx.length, 0);
  // A setting left empty by an earlier transaction on the same connection still means "no tenant".
  await withTenant(db, a, async () => {});
  assert.equal(
    (await db.selectFrom("core.tenant_plugins").selectAll().execute()).length,
    0,
  );
});

Deno.test("withTenant refuses a tenant id that is not a UUID", async () => {
  const { database } = await setup();
  await using _ = database;
  await assert.rejects(
    withTenant(database.db, "' or 1=1 --", async () => {}),
    /tenant id must be a UUID/,
  );
});

Deno.test("a plugin-style table protected by the helper is isolated the same way", async () => {
  const { database, a, b } = await setup();
  await using _ = database;
  const db = database.db;
  await db.transaction().execute(async (tx) => {
    await sql.raw(`set local role ${OWNER_ROLE}`).execute(tx);
    await sql`create schema plugin_example`.execute(tx);
    await sql`grant usage on schema plugin_example to district_app, district_platform`
      .execute(tx);
    await sql`create table plugin_example.notes (tenant_id uuid not null, id int not null, body text,
      primary key (tenant_id, id))`.execute(tx);
    await sql`select core.protect_tenant_table('plugin_example.notes')`.execute(
      tx,
    );
  });
  await withTenant(
    db,
    a,
    (tx) =>
      sql`insert into plugin_example.notes values (${a}, 1, 'A only')`.execute(
        tx,
      ),
  );
  await withTenant(
    db,
    b,
    (tx) =>
      sql`insert into plugin_example.notes values (${b}, 1, 'B only')`.execute(
        tx,
      ),
  );
  const fromB = await withTenant(
    db,
    b,
    (tx) => sql<{ body: string }>`select body from plugin_example.notes`.execute(tx),
  );
  assert.deepEqual(fromB.rows.map((r) => r.body), ["B only"]);
});

Deno.test("withPlatform sees every tenant and records who crossed the boundary and why", async () => {
  const { database, a, b } = await setup();
  await using _ = database;
  const all = await withPlatform(
    database.db,
    { actor: "user:admin", purpose: "isolation test" },
    (tx) =>
      tx.selectFrom("core.tenant_plugins").select("tenant_id").orderBy(
        "tenant_id",
      ).execute(),
  );
  assert.deepEqual(all.map((r) => r.tenant_id).sort(), [a, b].sort());
  const log = await withPlatform(
    database.db,
    { actor: "user:admin", purpose: "read log" },
    (tx) =>
      tx.selectFrom("core.platform_access_log").select(["actor", "purpose"])
        .orderBy("id").execute(),
  );
  assert.deepEqual(log.at(-2), {
    actor: "user:admin",
    purpose: "isolation test",
  });
  await assert.rejects(
    withPlatform(database.db, { actor: "", purpose: "x" }, async () => {}),
    /actor and a purpose/,
  );
});
