/**
 * Decisions and applications made at the same moment. On PostgreSQL the requests really overlap (a pool of
 * connections); on the embedded database they queue, and the outcome must be the same.
 */
import assert from "node:assert/strict";
import { withTenant } from "../../db/tenant.ts";
import { applicationBody, apply, creditCode, setupOnboarding } from "./test-support.ts";

Deno.test("two approvals of one application at once create one store, one owner and one invitation", async () => {
  await using t = await setupOnboarding();
  const submitted = await apply(t.client(), "district-a", applicationBody({ ownerLogin: "race-owner" }));
  const first = await t.as("operator_admin", t.a);
  const second = await t.as("operator_admin", t.a);
  const url = `/api/v1/store-applications/${submitted.applicationId}/approve`;

  const answers = await Promise.all([first.post(url), second.post(url)]);
  assert.deepEqual(answers.map((r) => r.status).sort(), [200, 409]);
  const loser = answers.find((r) => r.status === 409)!;
  assert.equal((await loser.json()).errors[0].field, "status");

  const counts = await withTenant(t.database.db, t.a, async (tx) => ({
    stores: (await tx.selectFrom("core.organisations").select("id").where("kind", "=", "store").execute()).length,
    owners: (await tx.selectFrom("core.memberships").select("account_id").where("role", "=", "store_owner").execute())
      .length,
    invitations: (await tx.selectFrom("core.invitations").select("id").execute()).length,
  }));
  // Two operator admins were invited too (by the test set-up): one invitation each.
  assert.deepEqual(counts, { stores: 1, owners: 1, invitations: 3 });
});

Deno.test("two applications with one credit code at once: one is taken, the other refused with 409", async () => {
  await using t = await setupOnboarding();
  const code = creditCode();
  const send = () =>
    t.client().post("/api/v1/public/districts/district-a/store-applications", applicationBody({ creditCode: code }));
  const answers = await Promise.all([send(), send()]);
  assert.deepEqual(answers.map((r) => r.status).sort(), [201, 409]);
  const refused = answers.find((r) => r.status === 409)!;
  assert.equal((await refused.json()).errors[0].field, "creditCode");
  const rows = await withTenant(
    t.database.db,
    t.a,
    (tx) => tx.selectFrom("core.store_applications").select("id").where("credit_code", "=", code).execute(),
  );
  assert.equal(rows.length, 1);
});

Deno.test("approval and rejection racing: exactly one decision wins", async () => {
  await using t = await setupOnboarding();
  const submitted = await apply(t.client(), "district-a");
  const admin = await t.as("operator_admin", t.a);
  const base = `/api/v1/store-applications/${submitted.applicationId}`;
  const answers = await Promise.all([admin.post(`${base}/approve`), admin.post(`${base}/reject`, { reason: "重复" })]);
  assert.deepEqual(answers.map((r) => r.status).sort(), [200, 409]);
  const status = await (await t.client().get(`/api/v1/public/store-applications/${submitted.statusToken}`)).json();
  const stores = await withTenant(
    t.database.db,
    t.a,
    (tx) => tx.selectFrom("core.organisations").select("id").where("kind", "=", "store").execute(),
  );
  assert.equal(stores.length, status.status === "approved" ? 1 : 0);
});
