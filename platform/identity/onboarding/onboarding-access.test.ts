/** Who may review applications and list stores, and how far each district's view reaches. */
import assert from "node:assert/strict";
import { createStore } from "../../../tests/support/identity.ts";
import { apply, setupOnboarding } from "./test-support.ts";

Deno.test("operator staff list but cannot decide; store owners cannot review; anonymous is 401", async () => {
  await using t = await setupOnboarding();
  const submitted = await apply(t.client(), "district-a");
  const base = `/api/v1/store-applications/${submitted.applicationId}`;

  const staff = await t.as("operator_staff", t.a);
  const listed = await (await staff.get("/api/v1/store-applications")).json();
  assert.deepEqual(listed.items.map((i: { id: string }) => i.id), [submitted.applicationId]);
  const denied = await staff.post(`${base}/approve`);
  assert.equal(denied.status, 403);
  assert.match((await denied.json()).detail, /stores:review/);
  assert.equal((await staff.post(`${base}/reject`, { reason: "不符合要求" })).status, 403);
  assert.equal((await staff.get(`${base}/contact`)).status, 403);
  assert.equal((await staff.get("/api/v1/stores")).status, 200, "staff see the district's stores");

  const store = await createStore(t.database, t.a, "店主的店");
  const owner = await t.as("store_owner", t.a, { organisationId: store });
  assert.equal((await owner.get("/api/v1/store-applications")).status, 403);
  assert.equal((await owner.post(`${base}/approve`)).status, 403);
  const ownStores = await (await owner.get("/api/v1/stores")).json();
  assert.deepEqual(ownStores.items.map((s: { id: string }) => s.id), [store]);
  const clerk = await t.as("store_staff", t.a, { organisationId: store });
  assert.deepEqual((await (await clerk.get("/api/v1/stores")).json()).items.map((s: { id: string }) => s.id), [store]);

  const anonymous = t.client();
  for (
    const [method, url] of [
      ["GET", "/api/v1/store-applications"],
      ["GET", `${base}/contact`],
      ["POST", `${base}/approve`],
      ["POST", `${base}/reject`],
      ["GET", "/api/v1/stores"],
      ["GET", "/api/v1/bureau/districts"],
    ]
  ) {
    const res = await anonymous.request(method, url, method === "POST" ? { reason: "匿名" } : undefined);
    assert.equal(res.status, 401, `${method} ${url}`);
  }
  const status = await (await anonymous.get(`/api/v1/public/store-applications/${submitted.statusToken}`)).json();
  assert.equal(status.status, "pending", "nobody decided anything");
});

Deno.test("another district's operator sees none of the applications and cannot decide or reveal them", async () => {
  await using t = await setupOnboarding();
  const submitted = await apply(t.client(), "district-a");
  const mine = await apply(t.client(), "district-b");
  const base = `/api/v1/store-applications/${submitted.applicationId}`;

  const other = await t.as("operator_admin", t.b);
  const listed = await (await other.get("/api/v1/store-applications")).json();
  assert.deepEqual(listed.items.map((i: { id: string }) => i.id), [mine.applicationId]);
  assert.equal((await other.post(`${base}/approve`)).status, 404);
  assert.equal((await other.post(`${base}/reject`, { reason: "不是我们的" })).status, 404);
  assert.equal((await other.get(`${base}/contact`)).status, 404);
  assert.equal((await other.post(`/api/v1/store-applications/${mine.applicationId}/approve`)).status, 200);
  assert.equal((await (await other.get("/api/v1/stores")).json()).items.length, 1);

  const owner = await t.as("operator_admin", t.a);
  assert.deepEqual((await (await owner.get("/api/v1/stores")).json()).items, [], "district A has no store yet");
  const still = await (await t.client().get(`/api/v1/public/store-applications/${submitted.statusToken}`)).json();
  assert.equal(still.status, "pending");
});
