/**
 * The promise of field encryption, checked where it matters: a full dump of the database holds no clear phone
 * number, ID number or licence plate. A positive control, written clear on purpose, must be found; otherwise the
 * search would pass for the wrong reason (a compressed dump, rows not flushed, a wrong database).
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { sql } from "kysely";
import { openTestDatabase, type TestDatabase } from "../../../tests/support/test-db.ts";
import { createTestTenants } from "../../../tests/support/tenants.ts";
import { withTenant } from "../../db/tenant.ts";
import { uuidv7 } from "../../ids.ts";
import { TenantKeyStore } from "./tenant-keys.ts";
import { createMembersTable, testMasterKeys } from "./testing.ts";

const SECRETS = {
  phone: "13812345678",
  idNumber: "11010519491231002X",
  plate: "苏CD12345",
} as const;
/** As typed at the counter, before normalisation. */
const TYPED = { phone: "+86 138-1234-5678", idNumber: "11010519491231002x", plate: "苏C·D12345" };
const CONTROL = "对照组 13911112222 苏A88888";

async function dumpBytes(database: TestDatabase): Promise<Buffer> {
  if (database.kind === "pglite") {
    const tarball = await database.dump!();
    const tar = tarball.stream().pipeThrough(new DecompressionStream("gzip"));
    return Buffer.from(await new Response(tar).arrayBuffer());
  }
  const url = new URL(Deno.env.get("DATABASE_URL")!);
  url.pathname = new URL(database.description).pathname;
  const output = await new Deno.Command("pg_dump", {
    args: ["--no-owner", url.toString()],
    stdout: "piped",
    stderr: "piped",
  })
    .output()
    .catch((error) => {
      throw new Error(`this test needs pg_dump on the PATH to dump PostgreSQL: ${error.message}`);
    });
  assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
  return Buffer.from(output.stdout);
}

Deno.test("a database dump contains no clear personal information, but does contain the clear control", async () => {
  await using database = await openTestDatabase();
  const [a] = await createTestTenants(database, 1);
  await createMembersTable(database);
  const store = new TenantKeyStore(testMasterKeys());
  await withTenant(database.db, a, async (tx) => {
    const cipher = await store.fieldCipher(tx);
    await sql`insert into plugin_privacy_probe.members
      (tenant_id, id, phone_enc, phone_idx, id_number_enc, id_number_idx, plate_enc, plate_idx, note)
      values (${a}, ${uuidv7()},
        ${await cipher.encrypt("phone", TYPED.phone)}, ${await cipher.blindIndex("phone", TYPED.phone)},
        ${await cipher.encrypt("idNumber", TYPED.idNumber)}, ${await cipher.blindIndex("idNumber", TYPED.idNumber)},
        ${await cipher.encrypt("plate", TYPED.plate)}, ${await cipher.blindIndex("plate", TYPED.plate)},
        ${CONTROL})`.execute(tx);
  });
  const dump = await dumpBytes(database);
  assert.ok(dump.length > 0);
  assert.notEqual(dump.indexOf(CONTROL), -1, `the clear control value must be found in the ${database.kind} dump`);
  for (const [type, value] of Object.entries({ ...SECRETS, typedPhone: TYPED.phone, typedPlate: TYPED.plate })) {
    assert.equal(dump.indexOf(value), -1, `${type} appears in clear in the ${database.kind} dump`);
  }
  // Not even the part a mask would hide.
  assert.equal(dump.indexOf("19491231002X"), -1);
});
