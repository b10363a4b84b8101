/** One tenant can neither read another's keys nor open another's encrypted values. */
import assert from "node:assert/strict";
import { openTestDatabase } from "../../../tests/support/test-db.ts";
import { createTestTenants } from "../../../tests/support/tenants.ts";
import { withPlatform, withTenant } from "../../db/tenant.ts";
import { TenantKeyStore } from "./tenant-keys.ts";
import { testMasterKeys } from "./testing.ts";

Deno.test("tenant B cannot read, add or use tenant A's keys", async () => {
  await using database = await openTestDatabase();
  const [a, b] = await createTestTenants(database, 2);
  // One store for both, as in one server process: its cache must not carry A's keys over to B.
  const store = new TenantKeyStore(testMasterKeys());
  const fromA = await withTenant(database.db, a, async (tx) => {
    const cipher = await store.fieldCipher(tx);
    return {
      phone: await cipher.encrypt("phone", "13800138000"),
      index: await cipher.blindIndex("phone", "13800138000"),
      pseudonym: await cipher.pseudonym("member-1"),
    };
  });

  await withTenant(database.db, b, async (tx) => {
    const cipher = await store.fieldCipher(tx);
    const visible = await tx.selectFrom("core.tenant_keys").select(["tenant_id"]).execute();
    assert.deepEqual([...new Set(visible.map((r) => r.tenant_id))], [b]);
    assert.deepEqual(await tx.selectFrom("core.tenant_keys").selectAll().where("tenant_id", "=", a).execute(), []);
    await assert.rejects(cipher.decrypt(fromA.phone), /does not belong to this tenant or was altered/);
    await assert.rejects(cipher.decrypt(fromA.phone, "phone"), /does not belong to this tenant/);
    assert.notEqual(await cipher.blindIndex("phone", "13800138000"), fromA.index);
    assert.notEqual(await cipher.pseudonym("member-1"), fromA.pseudonym);
  });
  await assert.rejects(
    withTenant(database.db, b, (tx) =>
      tx.insertInto("core.tenant_keys").values({
        tenant_id: a,
        purpose: "encryption",
        version: 9,
        master_key_id: "k1",
        wrapped_key: new Uint8Array(60),
      }).execute()),
    /row-level security/,
  );

  // After A rotates, A's new values name a key version B does not have at all.
  await withTenant(database.db, a, (tx) => store.rotateDataKey(tx));
  const newer = await withTenant(
    database.db,
    a,
    async (tx) => (await store.fieldCipher(tx)).encrypt("plate", "苏C12345"),
  );
  await assert.rejects(
    withTenant(database.db, b, async (tx) => (await store.fieldCipher(tx)).decrypt(newer)),
    /this tenant has no data key version 2/,
  );
  // A still reads its own values.
  assert.equal(
    await withTenant(database.db, a, async (tx) => (await store.fieldCipher(tx)).decrypt(fromA.phone)),
    "13800138000",
  );
});

Deno.test("a wrapped key copied into another tenant's rows does not unwrap there", async () => {
  await using database = await openTestDatabase();
  const [a, b] = await createTestTenants(database, 2);
  const store = new TenantKeyStore(testMasterKeys());
  const sealed = await withTenant(
    database.db,
    a,
    async (tx) => (await store.fieldCipher(tx)).encrypt("idNumber", "11010519491231002X"),
  );
  // Someone with write access to the table (not the application role) copies A's key rows over B's.
  await withPlatform(database.db, { actor: "test:attacker", purpose: "copy keys between tenants" }, async (tx) => {
    const rows = await tx.selectFrom("core.tenant_keys").selectAll().where("tenant_id", "=", a).execute();
    await tx.deleteFrom("core.tenant_keys").where("tenant_id", "=", b).execute();
    await tx.insertInto("core.tenant_keys").values(rows.map((r) => ({ ...r, tenant_id: b }))).execute();
  });
  await assert.rejects(
    withTenant(database.db, b, async (tx) => (await store.fieldCipher(tx)).decrypt(sealed)),
    /does not unwrap with master key "k1": the row was altered, copied from another tenant/,
  );
});
