import assert from "node:assert/strict";
import { openTestDatabase } from "../../../tests/support/test-db.ts";
import { createTestTenants } from "../../../tests/support/tenants.ts";
import { withPlatform, withTenant } from "../../db/tenant.ts";
import { generateMasterKeyEntry, parseMasterKeys } from "./master-keys.ts";
import { rewrapTenantKeys } from "./key-rotation.ts";
import { TenantKeyStore } from "./tenant-keys.ts";

const K1 = generateMasterKeyEntry("k1");
const K2 = generateMasterKeyEntry("k2");

Deno.test("a data key rotation: new writes use the new version, old values stay readable, indexes stay valid", async () => {
  await using database = await openTestDatabase();
  const [a] = await createTestTenants(database, 1);
  const store = new TenantKeyStore(parseMasterKeys(K1));
  const before = await withTenant(database.db, a, async (tx) => {
    const cipher = await store.fieldCipher(tx);
    return {
      sealed: await cipher.encrypt("phone", "13800138000"),
      index: await cipher.blindIndex("phone", "13800138000"),
      pseudonym: await cipher.pseudonym("member-1"),
    };
  });
  assert.equal(await withTenant(database.db, a, (tx) => store.rotateDataKey(tx)), 2);
  await withTenant(database.db, a, async (tx) => {
    const cipher = await store.fieldCipher(tx);
    assert.equal(cipher.currentKeyVersion, 2);
    const after = await cipher.encrypt("phone", "13800138000");
    assert.match(after, /^pii1\.phone\.2\./);
    assert.equal(await cipher.decrypt(before.sealed), "13800138000");
    assert.equal(await cipher.decrypt(after), "13800138000");
    assert.equal(await cipher.blindIndex("phone", "+86 138 0013 8000"), before.index);
    assert.equal(await cipher.pseudonym("member-1"), before.pseudonym);
    assert.equal(cipher.isStale(before.sealed), true);
    assert.equal(cipher.isStale(after), false);
    const renewed = await cipher.reencrypt(before.sealed);
    assert.match(renewed, /^pii1\.phone\.2\./);
    assert.equal(await cipher.decrypt(renewed), "13800138000");
  });
  assert.equal(await withTenant(database.db, a, (tx) => store.rotateDataKey(tx)), 3);
});

Deno.test("a master key rotation rewraps every tenant's keys; afterwards the old master key can go", async () => {
  await using database = await openTestDatabase();
  const [a, b] = await createTestTenants(database, 2);
  const old = new TenantKeyStore(parseMasterKeys(K1));
  const written: Record<string, { sealed: string; index: string }> = {};
  for (const tenant of [a, b]) {
    written[tenant] = await withTenant(database.db, tenant, async (tx) => {
      const cipher = await old.fieldCipher(tx);
      return { sealed: await cipher.encrypt("plate", "苏C12345"), index: await cipher.blindIndex("plate", "苏C12345") };
    });
  }
  await withTenant(database.db, a, (tx) => old.rotateDataKey(tx));

  // k2 first: new tenant keys are wrapped with it, k1 is still listed for the keys wrapped before.
  const both = parseMasterKeys(`${K2},${K1}`);
  const onlyNew = parseMasterKeys(K2);
  await assert.rejects(
    withTenant(database.db, a, (tx) => new TenantKeyStore(onlyNew).fieldCipher(tx)),
    /master key "k1" is not in MASTER_KEYS/,
  );
  await assert.rejects(
    withTenant(database.db, a, (tx) => rewrapTenantKeys(tx, both)),
    /permission denied/,
    "the application role cannot rewrap",
  );
  const access = { actor: "system:rewrap", purpose: "move tenant keys to master key k2" };
  const report = await withPlatform(database.db, access, (tx) => rewrapTenantKeys(tx, both));
  assert.deepEqual(report, { rewrapped: { k1: 5 }, remaining: 0 });
  assert.deepEqual(await withPlatform(database.db, access, (tx) => rewrapTenantKeys(tx, both)), {
    rewrapped: {},
    remaining: 0,
  });

  const rows = await withPlatform(
    database.db,
    access,
    (tx) => tx.selectFrom("core.tenant_keys").select(["master_key_id", "rewrapped_at"]).execute(),
  );
  assert.ok(rows.every((r) => r.master_key_id === "k2" && r.rewrapped_at instanceof Date));
  const fresh = new TenantKeyStore(onlyNew);
  for (const tenant of [a, b]) {
    await withTenant(database.db, tenant, async (tx) => {
      const cipher = await fresh.fieldCipher(tx);
      assert.equal(await cipher.decrypt(written[tenant].sealed), "苏C12345");
      assert.equal(await cipher.blindIndex("plate", "苏C·12345"), written[tenant].index);
    });
  }
});

Deno.test("rewrapping can go in batches", async () => {
  await using database = await openTestDatabase();
  const [a, b] = await createTestTenants(database, 2);
  const old = new TenantKeyStore(parseMasterKeys(K1));
  for (const tenant of [a, b]) await withTenant(database.db, tenant, (tx) => old.fieldCipher(tx));
  const both = parseMasterKeys(`${K2},${K1}`);
  const access = { actor: "system:rewrap", purpose: "batch" };
  assert.deepEqual(await withPlatform(database.db, access, (tx) => rewrapTenantKeys(tx, both, { limit: 3 })), {
    rewrapped: { k1: 3 },
    remaining: 1,
  });
  assert.deepEqual(await withPlatform(database.db, access, (tx) => rewrapTenantKeys(tx, both, { limit: 3 })), {
    rewrapped: { k1: 1 },
    remaining: 0,
  });
});

Deno.test("keys created while a new master key is active are wrapped with it", async () => {
  await using database = await openTestDatabase();
  const [a] = await createTestTenants(database, 1);
  await withTenant(database.db, a, (tx) => new TenantKeyStore(parseMasterKeys(`${K2},${K1}`)).fieldCipher(tx));
  const ids = await withTenant(
    database.db,
    a,
    (tx) => tx.selectFrom("core.tenant_keys").select("master_key_id").execute(),
  );
  assert.deepEqual(ids.map((r) => r.master_key_id), ["k2", "k2"]);
});
