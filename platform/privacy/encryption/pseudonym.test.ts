import assert from "node:assert/strict";
import { openTestDatabase } from "../../../tests/support/test-db.ts";
import { createTestTenants } from "../../../tests/support/tenants.ts";
import { withTenant } from "../../db/tenant.ts";
import { TenantKeyStore } from "./tenant-keys.ts";
import { testMasterKeys } from "./testing.ts";

Deno.test("pseudonyms are short, stable per tenant and scope, and differ across tenants and scopes", async () => {
  await using database = await openTestDatabase();
  const [a, b] = await createTestTenants(database, 2);
  const store = new TenantKeyStore(testMasterKeys());
  const member = "0190a0c4-0000-7000-8000-00000000000a";
  const pseudonyms = async (tenant: string) =>
    await withTenant(database.db, tenant, async (tx) => {
      const cipher = await store.fieldCipher(tx);
      return {
        analytics: await cipher.pseudonym(member),
        again: await cipher.pseudonym(member, "analytics"),
        bureau: await cipher.pseudonym(member, "bureau-report"),
        other: await cipher.pseudonym("0190a0c4-0000-7000-8000-00000000000b"),
      };
    });
  const fromA = await pseudonyms(a);
  const fromAAgain = await pseudonyms(a);
  const fromB = await pseudonyms(b);
  assert.match(fromA.analytics, /^p_[a-z2-7]{16}$/);
  assert.equal(fromA.again, fromA.analytics);
  assert.deepEqual(fromAAgain, fromA, "stable across transactions");
  assert.notEqual(fromA.bureau, fromA.analytics, "another scope cannot be joined on the pseudonym");
  assert.notEqual(fromA.other, fromA.analytics);
  assert.notEqual(fromB.analytics, fromA.analytics, "another tenant gets another pseudonym");
  assert.ok(!fromA.analytics.includes(member.slice(-4)));
});

Deno.test("pseudonym scopes and subjects are checked", async () => {
  await using database = await openTestDatabase();
  const [a] = await createTestTenants(database, 1);
  const store = new TenantKeyStore(testMasterKeys());
  await withTenant(database.db, a, async (tx) => {
    const cipher = await store.fieldCipher(tx);
    await assert.rejects(cipher.pseudonym("m1", "Bureau Report"), /scope must be lower-case letters, digits and -/);
    await assert.rejects(cipher.pseudonym("m1", ""), /scope must be/);
    await assert.rejects(cipher.pseudonym(""), /subject is empty/);
  });
});
