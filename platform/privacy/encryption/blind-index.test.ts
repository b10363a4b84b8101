import assert from "node:assert/strict";
import { sql } from "kysely";
import { openTestDatabase } from "../../../tests/support/test-db.ts";
import { createTestTenants } from "../../../tests/support/tenants.ts";
import { withTenant } from "../../db/tenant.ts";
import { uuidv7 } from "../../ids.ts";
import { TenantKeyStore } from "./tenant-keys.ts";
import { createMembersTable, type MemberRow, testMasterKeys } from "./testing.ts";

Deno.test("a blind index is the same for every spelling of one value, and differs between types", async () => {
  await using database = await openTestDatabase();
  const [a] = await createTestTenants(database, 1);
  const store = new TenantKeyStore(testMasterKeys());
  await withTenant(database.db, a, async (tx) => {
    const cipher = await store.fieldCipher(tx);
    const phone = await cipher.blindIndex("phone", "13800138000");
    assert.match(phone, /^[A-Za-z0-9_-]{43}$/);
    for (const spelling of ["+86 138 0013 8000", "138-0013-8000", "１３８００１３８０００", "008613800138000"]) {
      assert.equal(await cipher.blindIndex("phone", spelling), phone);
    }
    assert.equal(await cipher.blindIndex("plate", "苏c·d12345"), await cipher.blindIndex("plate", "苏CD12345"));
    assert.notEqual(await cipher.blindIndex("phone", "13800138001"), phone);
    // The same digits as a bank card and as a phone number do not share an index.
    assert.notEqual(
      await cipher.blindIndex("bankCard", "4111111111111111"),
      await cipher.blindIndex("phone", "13800138000"),
    );
    assert.notEqual(
      await cipher.blindIndex("bankCard", "4111111111111111"),
      await cipher.blindIndex("bankCard", "6222021234567890128"),
    );
  });
});

Deno.test("a member is found by phone and a car by plate without any clear value stored", async () => {
  await using database = await openTestDatabase();
  const [a] = await createTestTenants(database, 1);
  await createMembersTable(database);
  const store = new TenantKeyStore(testMasterKeys());
  const id = uuidv7();
  await withTenant(database.db, a, async (tx) => {
    const cipher = await store.fieldCipher(tx);
    await sql`insert into plugin_privacy_probe.members (tenant_id, id, phone_enc, phone_idx, plate_enc, plate_idx)
      values (${a}, ${id}, ${await cipher.encrypt("phone", "13912345678")}, ${await cipher.blindIndex(
      "phone",
      "13912345678",
    )},
              ${await cipher.encrypt("plate", "苏C·D12345")}, ${await cipher.blindIndex("plate", "苏C·D12345")})`
      .execute(tx);
  });
  const found = await withTenant(database.db, a, async (tx) => {
    const cipher = await store.fieldCipher(tx);
    // Typed at the service desk in another shape than it was stored.
    const byPhone = await sql<MemberRow>`select * from plugin_privacy_probe.members
      where phone_idx = ${await cipher.blindIndex("phone", "+86 139-1234-5678")}`.execute(tx);
    const byPlate = await sql<MemberRow>`select * from plugin_privacy_probe.members
      where plate_idx = ${await cipher.blindIndex("plate", "苏CD12345")}`.execute(tx);
    return {
      phone: byPhone.rows.map((r) => r.id),
      plate: await Promise.all(byPlate.rows.map((r) => cipher.decrypt(r.plate_enc!, "plate"))),
    };
  });
  assert.deepEqual(found, { phone: [id], plate: ["苏CD12345"] });
});
