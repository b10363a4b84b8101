/** The district's audit log over HTTP: who may read and verify it, filters, paging, tampering, the public key. */
import assert from "node:assert/strict";
import { sql } from "kysely";
import { setupRoles, statusesFor } from "../../../tests/support/roles.ts";
import { withPlatform, withTenant } from "../../db/tenant.ts";
import { appendAudit } from "../audit-log.ts";
import { recordCheckpoint } from "../record-checkpoint.ts";
import { generateSigningKey, parsePublicKey } from "../signing-key.ts";
import { asAttacker } from "../test-helpers.ts";
import type { Database } from "../../db/database.ts";

async function appendEntries(database: Database, tenantId: string, entries: { actor: string; action: string }[]) {
  await withTenant(database.db, tenantId, async (tx) => {
    for (const [i, entry] of entries.entries()) await appendAudit(tx, { ...entry, target: `thing:${i}` });
  });
}

Deno.test("audit routes: who may call each", async () => {
  await using t = await setupRoles();
  assert.deepEqual(await statusesFor(t.clients, "GET", "/api/v1/audit"), {
    adminA: 200,
    staffA: 200,
    ownerA: 403,
    adminB: 200,
    platform: 403,
    anonymous: 401,
  });
  assert.deepEqual(await statusesFor(t.clients, "GET", "/api/v1/audit/verify"), {
    adminA: 200,
    staffA: 403,
    ownerA: 403,
    adminB: 200,
    platform: 403,
    anonymous: 401,
  });
  assert.deepEqual(await statusesFor(t.clients, "GET", "/api/v1/audit/public-key"), {
    adminA: 200,
    staffA: 200,
    ownerA: 200,
    adminB: 200,
    platform: 200,
    anonymous: 200,
  });
  const denied = await t.clients.staffA.get("/api/v1/audit/verify");
  assert.match((await denied.json()).detail, /audit:verify/);
});

Deno.test("the viewer filters by actor, action and time, pages by cursor, and shows only the caller's district", async () => {
  await using t = await setupRoles();
  await appendEntries(t.database, t.a, [
    { actor: "user:alice", action: "pii.reveal" },
    { actor: "user:bob", action: "pii.export" },
    { actor: "user:alice", action: "store.approve" },
    { actor: "user:alice", action: "pii.reveal" },
    { actor: "user:alice", action: "pii_x.odd" },
  ]);
  await appendEntries(t.database, t.b, [{ actor: "user:alice", action: "pii.reveal" }]);
  const get = async (query: string) => {
    const res = await t.clients.adminA.get(`/api/v1/audit?${query}`);
    assert.equal(res.status, 200, query);
    return await res.json();
  };

  const prefix = await get("action=pii.&limit=2");
  assert.deepEqual(prefix.items.map((e: { action: string }) => e.action), ["pii.reveal", "pii.export"]);
  assert.ok(prefix.nextCursor);
  const rest = await get(`action=pii.&limit=2&cursor=${prefix.nextCursor}`);
  assert.deepEqual(rest.items.map((e: { action: string }) => e.action), ["pii.reveal"]);
  assert.equal(rest.nextCursor, null);
  assert.ok(rest.items[0].seq < prefix.items[1].seq);

  const alice = await get("actor=user:alice&action=pii.reveal");
  assert.equal(alice.items.length, 2);
  const entry = alice.items[0];
  assert.deepEqual(Object.keys(entry).sort(), [
    "action",
    "actor",
    "at",
    "details",
    "hash",
    "prevHash",
    "seq",
    "target",
  ]);
  assert.match(entry.at, /^\d{4}-\d\d-\d\dT/);
  assert.match(entry.hash, /^[0-9a-f]{64}$/);

  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  assert.equal((await get(`action=pii.reveal&from=${iso(now - 3600_000)}&to=${iso(now + 3600_000)}`)).items.length, 2);
  assert.equal((await get(`action=pii.reveal&from=${iso(now + 3600_000)}`)).items.length, 0);
  assert.equal((await get(`action=pii.reveal&to=${encodeURIComponent("2020-01-01T00:00:00+08:00")}`)).items.length, 0);

  // District B sees its own entry and none of A's; A's sign-ins are not in B's log either.
  const b = await (await t.clients.adminB.get("/api/v1/audit?limit=500")).json();
  assert.deepEqual(
    b.items.filter((e: { actor: string }) => e.actor === "user:alice").map((e: { action: string }) => e.action),
    ["pii.reveal"],
  );
  assert.ok(b.items.every((e: { actor: string }) => e.actor !== `user:${t.accounts.adminA}`));
  const a = await (await t.clients.adminA.get("/api/v1/audit?limit=500")).json();
  assert.equal(a.items.filter((e: { actor: string }) => e.actor === "user:alice").length, 4);
  assert.ok(a.items.every((e: { actor: string }) => e.actor !== `user:${t.accounts.adminB}`));
});

Deno.test("invalid filters answer 422 naming the field", async () => {
  await using t = await setupRoles();
  const cases: [string, string][] = [
    ["limit=0", "query.limit"],
    ["limit=501", "query.limit"],
    ["limit=ten", "query.limit"],
    ["cursor=abc", "query.cursor"],
    ["cursor=0", "query.cursor"],
    ["from=yesterday", "query.from"],
    ["to=2026-02-30T25:00:00Z", "query.to"],
    ["action=pii%20reveal", "query.action"],
    ["from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", "query.to"],
  ];
  for (const [query, field] of cases) {
    const res = await t.clients.adminA.get(`/api/v1/audit?${query}`);
    assert.equal(res.status, 422, query);
    assert.match(res.headers.get("content-type") ?? "", /problem\+json/);
    assert.deepEqual((await res.json()).errors.map((e: { field: string }) => e.field), [field], query);
  }
});

Deno.test("verify: intact with the app's checkpoint key, then the exact seq of a tampered entry", async () => {
  await using t = await setupRoles();
  await appendEntries(t.database, t.a, Array.from({ length: 6 }, () => ({ actor: "user:x", action: "member.view" })));
  // A checkpoint signed with the app's key, "tomorrow" so today's entries are in the signed day.
  const platform = <T>(purpose: string, fn: Parameters<typeof withPlatform<T>>[2]) =>
    withPlatform(t.database.db, { actor: "job:core.audit-checkpoint", purpose }, fn);
  const { checkpoint } = await recordCheckpoint(platform, t.a, {
    key: t.testApp.auditKey,
    now: new Date(Date.now() + 24 * 3600_000),
  });
  await appendEntries(t.database, t.a, [{ actor: "user:x", action: "member.view" }]);

  const intact = await (await t.clients.adminA.get("/api/v1/audit/verify")).json();
  assert.equal(intact.ok, true);
  assert.equal(intact.signaturesChecked, true);
  assert.equal(intact.checkpoints, 1);
  assert.equal(intact.checked, checkpoint.lastSeq + 1);
  assert.equal(intact.head.seq, intact.checked);
  assert.equal(intact.firstBroken, undefined);

  const victim = checkpoint.lastSeq - 2;
  await asAttacker(t.database.db, async (tx) => {
    await sql`update core.audit_log set actor = 'user:nobody' where tenant_id = ${t.a} and seq = ${victim}`
      .execute(tx);
  });
  const broken = await (await t.clients.adminA.get("/api/v1/audit/verify")).json();
  assert.equal(broken.ok, false);
  assert.equal(broken.checked, victim - 1);
  assert.deepEqual([broken.firstBroken.seq, broken.firstBroken.reason], [victim, "hash mismatch"]);
  assert.equal(broken.head.seq, victim - 1);

  // District B's chain is untouched, and B's verification says nothing about A's.
  const b = await (await t.clients.adminB.get("/api/v1/audit/verify")).json();
  assert.deepEqual([b.ok, b.checkpoints], [true, 0]);
});

Deno.test("verify: a checkpoint signed by a key the app does not hold is reported", async () => {
  await using t = await setupRoles();
  await appendEntries(t.database, t.a, [{ actor: "user:x", action: "member.view" }]);
  const stranger = (await generateSigningKey()).key;
  const platform = <T>(purpose: string, fn: Parameters<typeof withPlatform<T>>[2]) =>
    withPlatform(t.database.db, { actor: "job:core.audit-checkpoint", purpose }, fn);
  await recordCheckpoint(platform, t.a, { key: stranger, now: new Date(Date.now() + 24 * 3600_000) });
  const result = await (await t.clients.adminA.get("/api/v1/audit/verify")).json();
  assert.equal(result.ok, false);
  assert.equal(result.firstBroken.reason, "checkpoint mismatch");
  assert.match(result.firstBroken.detail, /unknown key/);
});

Deno.test("the public key is the app's, in base64 SPKI and PEM, with the id checkpoints carry", async () => {
  await using t = await setupRoles();
  const res = await t.clients.anonymous.get("/api/v1/audit/public-key");
  assert.equal(res.status, 200);
  const body = await res.json();
  const expected = t.testApp.auditKey.publicKey;
  assert.deepEqual([body.algorithm, body.keyId, body.spkiBase64], ["Ed25519", expected.keyId, expected.spkiBase64]);
  assert.equal((await parsePublicKey(body.spkiBase64)).keyId, expected.keyId);
  assert.equal((await parsePublicKey(body.pem)).keyId, expected.keyId);
  assert.match(body.pem, /^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+-----END PUBLIC KEY-----\n$/);
});
