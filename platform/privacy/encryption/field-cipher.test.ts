import assert from "node:assert/strict";
import { openTestDatabase } from "../../../tests/support/test-db.ts";
import { createTestTenants } from "../../../tests/support/tenants.ts";
import { withPlatform, withTenant } from "../../db/tenant.ts";
import { PiiValidationError } from "../identifiers.ts";
import { PII_TYPES } from "../pii-types.ts";
import { TenantKeyStore } from "./tenant-keys.ts";
import { testMasterKeys } from "./testing.ts";

const VALUES = {
  phone: ["+86 138-0013-8000", "13800138000"],
  idNumber: ["11010519491231002x", "11010519491231002X"],
  creditCode: ["91350100M000100Y43", "91350100M000100Y43"],
  plate: ["苏C·12345", "苏C12345"],
  name: ["欧阳娜娜", "欧阳娜娜"],
  bankCard: ["6222 0212 3456 7890 128", "6222021234567890128"],
  email: ["Zhang.San@163.com", "zhang.san@163.com"],
  address: ["江苏省徐州市云龙区中山北路123号", "江苏省徐州市云龙区中山北路123号"],
  birthDate: ["1990年3月15日", "1990-03-15"],
} as const;

Deno.test("every kind of value encrypts to a self-describing ciphertext and decrypts to its normal form", async () => {
  await using database = await openTestDatabase();
  const [a] = await createTestTenants(database, 1);
  const store = new TenantKeyStore(testMasterKeys());
  await withTenant(database.db, a, async (tx) => {
    const cipher = await store.fieldCipher(tx);
    assert.equal(cipher.tenantId, a);
    for (const type of PII_TYPES) {
      const [raw, normal] = VALUES[type];
      const sealed = await cipher.encrypt(type, raw);
      assert.match(sealed, new RegExp(`^pii1\\.${type}\\.1\\.[A-Za-z0-9_-]+$`));
      assert.ok(!sealed.includes(normal));
      assert.equal(await cipher.decrypt(sealed), normal);
      assert.equal(await cipher.decrypt(sealed, type), normal);
      // A fresh IV each time: equal values do not give equal ciphertexts (that is what blind indexes are for).
      assert.notEqual(await cipher.encrypt(type, raw), sealed);
    }
  });
});

Deno.test("a tenant's keys are made on first use, once, and stored only wrapped", async () => {
  await using database = await openTestDatabase();
  const [a] = await createTestTenants(database, 1);
  const ring = testMasterKeys("k1");
  const store = new TenantKeyStore(ring);
  const sealed = await withTenant(
    database.db,
    a,
    async (tx) => (await store.fieldCipher(tx)).encrypt("phone", "13800138000"),
  );
  await withTenant(database.db, a, (tx) => store.fieldCipher(tx));
  const rows = await withTenant(
    database.db,
    a,
    (tx) => tx.selectFrom("core.tenant_keys").select(["purpose", "version", "master_key_id", "wrapped_key"]).execute(),
  );
  assert.deepEqual(rows.map((r) => [r.purpose, r.version, r.master_key_id, r.wrapped_key.length]), [
    ["encryption", 1, "k1", 60],
    ["lookup", 1, "k1", 60],
  ]);
  // Another process with the same master keys reads what this one wrote; one with a different key reads nothing.
  const sameKeys = new TenantKeyStore(ring);
  assert.equal(
    await withTenant(database.db, a, async (tx) => (await sameKeys.fieldCipher(tx)).decrypt(sealed)),
    "13800138000",
  );
  await assert.rejects(
    withTenant(database.db, a, (tx) => new TenantKeyStore(testMasterKeys("k1")).fieldCipher(tx)),
    /tenant encryption key v1 does not unwrap with master key "k1"/,
  );
});

Deno.test("a cache smaller than the number of keys still gives every tenant its own keys", async () => {
  await using database = await openTestDatabase();
  const tenants = await createTestTenants(database, 3);
  const store = new TenantKeyStore(testMasterKeys(), { maxCachedKeys: 1 });
  const sealed = new Map<string, string>();
  for (const tenant of tenants) {
    sealed.set(
      tenant,
      await withTenant(
        database.db,
        tenant,
        async (tx) => (await store.fieldCipher(tx)).encrypt("phone", "13800138000"),
      ),
    );
  }
  for (const tenant of tenants) {
    const clear = await withTenant(
      database.db,
      tenant,
      async (tx) => (await store.fieldCipher(tx)).decrypt(sealed.get(tenant)!),
    );
    assert.equal(clear, "13800138000");
  }
});

Deno.test("invalid values are refused before encryption or indexing", async () => {
  await using database = await openTestDatabase();
  const [a] = await createTestTenants(database, 1);
  const store = new TenantKeyStore(testMasterKeys());
  await withTenant(database.db, a, async (tx) => {
    const cipher = await store.fieldCipher(tx);
    await assert.rejects(
      cipher.encrypt("phone", "12345"),
      (e) => e instanceof PiiValidationError && /11 digits/.test(e.message),
    );
    await assert.rejects(cipher.blindIndex("plate", "苏C12O45"), /letters I and O/);
  });
});

Deno.test("altered, misplaced or foreign ciphertexts are refused without repeating them", async () => {
  await using database = await openTestDatabase();
  const [a] = await createTestTenants(database, 1);
  const store = new TenantKeyStore(testMasterKeys());
  await withTenant(database.db, a, async (tx) => {
    const cipher = await store.fieldCipher(tx);
    const sealed = await cipher.encrypt("idNumber", "11010519491231002X");
    const body = sealed.split(".")[3];
    const flipped = body.slice(0, 20) + (body[20] === "A" ? "B" : "A") + body.slice(21);
    await assert.rejects(cipher.decrypt(`pii1.idNumber.1.${flipped}`), /does not belong to this tenant or was altered/);
    // Relabelled as another type: the type is bound into the ciphertext.
    await assert.rejects(
      cipher.decrypt(sealed.replace(".idNumber.", ".phone.")),
      /does not belong to this tenant or was altered/,
    );
    await assert.rejects(cipher.decrypt(sealed, "phone"), /holds a idNumber, not a phone/);
    await assert.rejects(cipher.decrypt(sealed.replace(".1.", ".7.")), /no data key version 7/);
    await assert.rejects(cipher.decrypt("13800138000"), (e: Error) => {
      assert.match(e.message, /not an encrypted field value \(expected pii1\.<type>\.<key version>\.<data>\)/);
      assert.ok(!e.message.includes("13800138000"));
      return true;
    });
    await assert.rejects(
      cipher.decrypt("pii1.passport.1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
      /unknown type "passport"/,
    );
    await assert.rejects(cipher.decrypt("pii1.phone.1.AAAA"), /truncated or damaged/);
  });
});

Deno.test("keys are only handed out inside withTenant", async () => {
  await using database = await openTestDatabase();
  await createTestTenants(database, 1);
  const store = new TenantKeyStore(testMasterKeys());
  await assert.rejects(
    withPlatform(
      database.db,
      { actor: "system:test", purpose: "try keys without a tenant" },
      (tx) => store.fieldCipher(tx),
    ),
    /only available inside withTenant/,
  );
  await assert.rejects(
    database.db.transaction().execute((tx) => store.fieldCipher(tx)),
    /only available inside withTenant/,
  );
});

Deno.test("the application role may add tenant keys but not change or delete them", async () => {
  await using database = await openTestDatabase();
  const [a] = await createTestTenants(database, 1);
  const store = new TenantKeyStore(testMasterKeys());
  await withTenant(database.db, a, (tx) => store.fieldCipher(tx));
  await assert.rejects(
    withTenant(database.db, a, (tx) => tx.updateTable("core.tenant_keys").set({ master_key_id: "x" }).execute()),
    /permission denied/,
  );
  await assert.rejects(
    withTenant(database.db, a, (tx) => tx.deleteFrom("core.tenant_keys").execute()),
    /permission denied/,
  );
});
