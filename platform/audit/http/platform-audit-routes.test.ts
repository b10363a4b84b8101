/** The platform's own audit chain over HTTP: platform administrators only, every look recorded, tampering found. */
import assert from "node:assert/strict";
import { sql } from "kysely";
import { setupRoles, statusesFor } from "../../../tests/support/roles.ts";
import { withPlatform } from "../../db/tenant.ts";
import { appendPlatformAudit } from "../audit-log.ts";
import { asAttacker } from "../test-helpers.ts";
import type { Database } from "../../db/database.ts";

async function appendPlatformEntries(database: Database, actions: string[]): Promise<void> {
  await withPlatform(database.db, { actor: "system:test", purpose: "platform audit test" }, async (tx) => {
    for (const action of actions) await appendPlatformAudit(tx, { actor: "user:root", action, target: "tenant:x" });
  });
}

Deno.test("platform audit routes: platform administrators only", async () => {
  await using t = await setupRoles();
  for (const path of ["/api/v1/platform/audit", "/api/v1/platform/audit/verify"]) {
    assert.deepEqual(await statusesFor(t.clients, "GET", path), {
      adminA: 403,
      staffA: 403,
      ownerA: 403,
      adminB: 403,
      platform: 200,
      anonymous: 401,
    }, path);
  }
  const denied = await t.clients.adminA.get("/api/v1/platform/audit");
  assert.match((await denied.json()).detail, /platform:audit/);
});

Deno.test("the platform log lists with filters and records who looked", async () => {
  await using t = await setupRoles();
  await appendPlatformEntries(t.database, ["tenant.create", "plan.update", "tenant.suspend", "tenant.create"]);
  const res = await t.clients.platform.get("/api/v1/platform/audit?action=tenant.&limit=2");
  assert.equal(res.status, 200);
  const page = await res.json();
  assert.deepEqual(page.items.map((e: { action: string }) => e.action), ["tenant.create", "tenant.suspend"]);
  const rest = await (await t.clients.platform.get(`/api/v1/platform/audit?action=tenant.&cursor=${page.nextCursor}`))
    .json();
  assert.deepEqual(rest.items.map((e: { action: string }) => e.action), ["tenant.create"]);
  assert.equal(rest.nextCursor, null);
  const bad = await t.clients.platform.get("/api/v1/platform/audit?limit=0&from=soon");
  assert.equal(bad.status, 422);
  assert.deepEqual((await bad.json()).errors.map((e: { field: string }) => e.field).sort(), [
    "query.from",
    "query.limit",
  ]);

  const looks = await withPlatform(
    t.database.db,
    { actor: "system:test", purpose: "check the access log" },
    (tx) =>
      tx.selectFrom("core.platform_access_log").select("purpose")
        .where("actor", "=", `user:${t.accounts.platform}`).where("purpose", "like", "%audit log").execute(),
  );
  assert.deepEqual(looks.map((l) => l.purpose), ["read the platform audit log", "read the platform audit log"]);
});

Deno.test("platform verify reports the exact seq of a tampered entry", async () => {
  await using t = await setupRoles();
  await appendPlatformEntries(t.database, ["tenant.create", "plan.update", "tenant.suspend", "tenant.resume"]);
  const intact = await (await t.clients.platform.get("/api/v1/platform/audit/verify")).json();
  assert.equal(intact.ok, true);
  assert.equal(intact.signaturesChecked, false, "the platform chain has no checkpoints to check");
  const total = intact.checked;
  assert.ok(total >= 4);
  const victim = total - 1;
  await asAttacker(t.database.db, async (tx) => {
    await sql`update core.platform_audit_log set action = 'tenant.view' where seq = ${victim}`.execute(tx);
  });
  const broken = await (await t.clients.platform.get("/api/v1/platform/audit/verify")).json();
  assert.equal(broken.ok, false);
  assert.deepEqual([broken.firstBroken.seq, broken.firstBroken.reason, broken.checked], [
    victim,
    "hash mismatch",
    victim - 1,
  ]);
});
