/** Consent recorded and read over HTTP: who may, what is audited, what another district sees. */
import assert from "node:assert/strict";
import { setupRoles, statusesFor } from "../../../tests/support/roles.ts";
import { listAudit } from "../../audit/list.ts";
import { withTenant } from "../../db/tenant.ts";

const SUBJECT = "member-0192f1a7-consent";
const path = (subject = SUBJECT) => `/api/v1/privacy/subjects/${encodeURIComponent(subject)}/consents`;
const form = { purpose: "marketing", granted: true, channel: "counter", policyVersion: "2026-01" };

Deno.test("consent routes: who may call each", async () => {
  await using t = await setupRoles();
  assert.deepEqual(await statusesFor(t.clients, "GET", path()), {
    adminA: 200,
    staffA: 403,
    ownerA: 403,
    adminB: 200,
    platform: 403,
    anonymous: 401,
  });
  assert.deepEqual(await statusesFor(t.clients, "POST", path(), form), {
    adminA: 201,
    staffA: 403,
    ownerA: 403,
    adminB: 201,
    platform: 403,
    anonymous: 401,
  });
});

Deno.test("a grant and a withdrawal are recorded, read back as state and history, and audited without the subject", async () => {
  await using t = await setupRoles();
  const granted = await t.clients.adminA.post(path(), { ...form, decidedAt: "2026-01-05T10:00:00+08:00" });
  assert.equal(granted.status, 201);
  const first = await granted.json();
  assert.equal(first.event.decision, "granted");
  assert.equal(first.event.recordedBy, `user:${t.accounts.adminA}`);
  assert.equal(first.event.decidedAt, "2026-01-05T02:00:00.000Z");
  assert.deepEqual(first.current.map((c: { purpose: string; granted: boolean }) => [c.purpose, c.granted]), [
    ["marketing", true],
  ]);
  const withdrawn = await (await t.clients.adminA.post(path(), { ...form, granted: false, channel: "phone" })).json();
  assert.equal(withdrawn.event.decision, "withdrawn");
  await t.clients.adminA.post(path(), { ...form, purpose: "location_push" });

  const read = await (await t.clients.adminA.get(path())).json();
  assert.equal(read.subjectId, SUBJECT);
  assert.deepEqual(read.current.map((c: { purpose: string; granted: boolean }) => [c.purpose, c.granted]), [
    ["location_push", true],
    ["marketing", false],
  ]);
  assert.deepEqual(
    read.history.map((e: { purpose: string; decision: string; channel: string }) => [e.purpose, e.decision, e.channel]),
    [["marketing", "granted", "counter"], ["marketing", "withdrawn", "phone"], ["location_push", "granted", "counter"]],
  );

  const audit = await withTenant(t.database.db, t.a, (tx) => listAudit(tx, { action: "consent." }));
  assert.deepEqual(audit.entries.map((e) => e.action).reverse(), [
    "consent.grant",
    "consent.withdraw",
    "consent.grant",
  ]);
  assert.ok(audit.entries.every((e) => e.actor === `user:${t.accounts.adminA}`));
  assert.equal(audit.entries.at(-1)!.target, `consent-event:${first.event.id}`);
  assert.deepEqual(audit.entries.at(-1)!.details, {
    purpose: "marketing",
    channel: "counter",
    policyVersion: "2026-01",
  });
  assert.ok(!JSON.stringify(audit.entries).includes(SUBJECT), "the hash chain never holds the subject id");
});

Deno.test("bad input answers 422 on the field, and records nothing", async () => {
  await using t = await setupRoles();
  const cases: [Record<string, unknown>, string][] = [
    [{ ...form, purpose: "marketting" }, "purpose"],
    [{ ...form, channel: "Front Desk" }, "channel"],
    [{ ...form, granted: "yes" }, "granted"],
    [{ ...form, policyVersion: "" }, "policyVersion"],
    [{ ...form, decidedAt: "last tuesday" }, "decidedAt"],
    [{ ...form, decidedAt: new Date(Date.now() + 86_400_000).toISOString() }, "decidedAt"],
  ];
  for (const [body, field] of cases) {
    const res = await t.clients.adminA.post(path(), body);
    assert.equal(res.status, 422, JSON.stringify(body));
    assert.deepEqual((await res.json()).errors.map((e: { field: string }) => e.field), [field], JSON.stringify(body));
  }
  const empty = await t.clients.adminA.request("POST", path());
  assert.equal(empty.status, 422, "a request without a body is invalid input, not a crash");
  const long = await t.clients.adminA.get(path("x".repeat(201)));
  assert.equal(long.status, 422);
  assert.deepEqual((await long.json()).errors.map((e: { field: string }) => e.field), ["param.subjectId"]);

  assert.deepEqual((await (await t.clients.adminA.get(path())).json()).history, []);
  const audit = await withTenant(t.database.db, t.a, (tx) => listAudit(tx, { action: "consent." }));
  assert.equal(audit.entries.length, 0);
});

Deno.test("another district neither sees nor changes the first district's consents", async () => {
  await using t = await setupRoles();
  assert.equal((await t.clients.adminA.post(path(), form)).status, 201);

  const seenByB = await (await t.clients.adminB.get(path())).json();
  assert.deepEqual([seenByB.current, seenByB.history], [[], []]);
  // B recording for the same subject id writes B's own record; A's state is unchanged.
  assert.equal((await t.clients.adminB.post(path(), { ...form, granted: false })).status, 201);
  const a = await (await t.clients.adminA.get(path())).json();
  assert.deepEqual(a.current.map((c: { granted: boolean }) => c.granted), [true]);
  assert.equal(a.history.length, 1);
  const b = await (await t.clients.adminB.get(path())).json();
  assert.deepEqual(b.current.map((c: { granted: boolean }) => c.granted), [false]);

  const auditB = await withTenant(t.database.db, t.b, (tx) => listAudit(tx, { action: "consent." }));
  assert.deepEqual(auditB.entries.map((e) => e.action), ["consent.withdraw"]);
});
