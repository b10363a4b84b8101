/** Failed background jobs over HTTP, for platform administrators. */
import assert from "node:assert/strict";
import { z } from "zod";
import { setupRoles, statusesFor } from "../../../tests/support/roles.ts";
import { defineJob } from "../define.ts";

const doomed = defineJob({
  name: "test.always-fails",
  input: z.object({ n: z.number() }),
  attempts: 1,
  run: (_ctx, input) => Promise.reject(new Error(`refused ${input.n}`)),
});
const doomedPerTenant = defineJob({ ...doomed, name: "test.always-fails-per-tenant", perTenant: true });

Deno.test("failed jobs: platform administrators see them, nobody else does", async () => {
  await using t = await setupRoles({ jobs: [doomed, doomedPerTenant] as never });
  await t.testApp.jobs.startWorkers();
  await t.testApp.jobs.enqueue(doomedPerTenant, { n: 1 }, { tenantId: t.a });
  await t.testApp.jobs.enqueue(doomed, { n: 2 });
  for (let i = 0; i < 200 && (await t.testApp.jobs.failures()).length < 2; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }

  assert.deepEqual(await statusesFor(t.clients, "GET", "/api/v1/platform/jobs/failures"), {
    adminA: 403,
    staffA: 403,
    ownerA: 403,
    adminB: 403,
    platform: 200,
    anonymous: 401,
  });
  const res = await t.clients.platform.get("/api/v1/platform/jobs/failures");
  const { items } = await res.json();
  assert.equal(items.length, 2);
  assert.deepEqual(
    items.map((f: { name: string; reason: string; attempts: number }) => [f.name, f.reason, f.attempts]).sort(),
    [["test.always-fails", "refused 2", 1], ["test.always-fails-per-tenant", "refused 1", 1]],
  );
  assert.equal(items.find((f: { reason: string }) => f.reason === "refused 1").tenantId, t.a);
  const one = await (await t.clients.platform.get("/api/v1/platform/jobs/failures?limit=1")).json();
  assert.equal(one.items.length, 1);
  const bad = await t.clients.platform.get("/api/v1/platform/jobs/failures?limit=0");
  assert.equal(bad.status, 422);
  assert.deepEqual((await bad.json()).errors.map((e: { field: string }) => e.field), ["query.limit"]);
});
