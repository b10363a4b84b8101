/** core.store_applications under row-level security: one district neither sees nor changes another's rows. */
import assert from "node:assert/strict";
import { openTestDatabase } from "../../../tests/support/test-db.ts";
import { createTestTenants } from "../../../tests/support/tenants.ts";
import { withTenant } from "../../db/tenant.ts";
import { uuidv7 } from "../../ids.ts";
import { creditCode } from "./test-support.ts";

function row(tenantId: string) {
  return {
    tenant_id: tenantId,
    id: uuidv7(),
    store_name: "隔离测试店",
    credit_code: creditCode(),
    category: "retail",
    floor: "1F",
    unit: "A-1",
    area_m2: 10,
    staff_count: 1,
    contact_name_enc: "pii1.name.1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    contact_mobile_enc: "pii1.phone.1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    contact_mobile_index: "x",
    owner_login: `iso-${crypto.randomUUID().slice(0, 8)}`,
    status_token_hash: "h",
  };
}

Deno.test("store applications are isolated by district", async () => {
  await using database = await openTestDatabase();
  const [a, b] = await createTestTenants(database, 2);
  const mine = row(a);
  await withTenant(database.db, a, (tx) => tx.insertInto("core.store_applications").values(mine).execute());
  const theirs = row(b);
  await withTenant(database.db, b, (tx) => tx.insertInto("core.store_applications").values(theirs).execute());

  const seen = await withTenant(
    database.db,
    a,
    (tx) => tx.selectFrom("core.store_applications").select(["tenant_id", "id"]).execute(),
  );
  assert.deepEqual(seen, [{ tenant_id: a, id: mine.id }]);

  await assert.rejects(
    withTenant(database.db, a, (tx) => tx.insertInto("core.store_applications").values(row(b)).execute()),
    /row-level security/,
  );
  const updated = await withTenant(
    database.db,
    a,
    (tx) =>
      tx.updateTable("core.store_applications").set({ store_name: "改名" }).where("id", "=", theirs.id)
        .executeTakeFirst(),
  );
  assert.equal(updated.numUpdatedRows, 0n);
  await assert.rejects(
    withTenant(
      database.db,
      a,
      (tx) => tx.updateTable("core.store_applications").set({ tenant_id: b }).where("id", "=", mine.id).execute(),
    ),
    /row-level security/,
  );
  const deleted = await withTenant(
    database.db,
    a,
    (tx) => tx.deleteFrom("core.store_applications").where("id", "=", theirs.id).executeTakeFirst(),
  );
  assert.equal(deleted.numDeletedRows, 0n);
  const left = await withTenant(
    database.db,
    b,
    (tx) => tx.selectFrom("core.store_applications").select("store_name").where("id", "=", theirs.id).execute(),
  );
  assert.deepEqual(left, [{ store_name: "隔离测试店" }]);

  const outside = await database.db.selectFrom("core.store_applications").select("id").execute();
  assert.deepEqual(outside, [], "without a district, nothing is visible");
});
