/** Data-subject requests over HTTP: export (also as a download), erasure, the request log, and districts apart. */
import assert from "node:assert/strict";
import { type RoleClients, setupRoles, statusesFor } from "../../../tests/support/roles.ts";
import type { TestClient } from "../../../tests/support/http.ts";
import { listAudit } from "../../audit/list.ts";
import { withTenant } from "../../db/tenant.ts";

const SUBJECT = "member-0192f1a7-dsr";
const REQUESTS = "/api/v1/privacy/subject-requests";
const consents = (subject = SUBJECT) => `/api/v1/privacy/subjects/${subject}/consents`;
const list = (client: TestClient, subject = SUBJECT) =>
  client.get(`${REQUESTS}?subjectId=${subject}`).then((r) => r.json());

async function grantMarketing(client: TestClient, subject = SUBJECT) {
  const res = await client.post(consents(subject), {
    purpose: "marketing",
    granted: true,
    channel: "counter",
    policyVersion: "2026-01",
  });
  assert.equal(res.status, 201);
}

Deno.test("subject-request routes: who may call each", async () => {
  await using t = await setupRoles();
  const expected: Record<keyof RoleClients, number> = {
    adminA: 200,
    staffA: 403,
    ownerA: 403,
    adminB: 200,
    platform: 403,
    anonymous: 401,
  };
  assert.deepEqual(await statusesFor(t.clients, "GET", `${REQUESTS}?subjectId=${SUBJECT}`), expected);
  assert.deepEqual(await statusesFor(t.clients, "POST", REQUESTS, { kind: "export", subjectId: SUBJECT }), expected);
  assert.deepEqual(await statusesFor(t.clients, "POST", REQUESTS, { kind: "erase", subjectId: SUBJECT }), expected);
});

Deno.test("export answers the document, as a download when asked, and each export is logged and audited", async () => {
  await using t = await setupRoles();
  await grantMarketing(t.clients.adminA);
  const res = await t.clients.adminA.post(REQUESTS, {
    kind: "export",
    subjectId: SUBJECT,
    identifiers: { phone: "13812345678" },
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-disposition"), null);
  const document = await res.json();
  assert.equal(document.format, "district-platform/subject-export@1");
  assert.equal(document.subjectId, SUBJECT);
  const consent = document.sections["core.consent"];
  assert.deepEqual(consent.current.map((c: { purpose: string; granted: boolean }) => [c.purpose, c.granted]), [
    ["marketing", true],
  ]);
  assert.equal(consent.history.length, 1);

  const download = await t.clients.adminA.request("POST", `${REQUESTS}?download=1`, {
    kind: "export",
    subjectId: SUBJECT,
  });
  assert.equal(download.status, 200);
  const again = await download.json();
  assert.equal(
    download.headers.get("content-disposition"),
    `attachment; filename="subject-export-${again.requestId}.json"`,
  );
  assert.notEqual(again.requestId, document.requestId);

  const log = await list(t.clients.adminA);
  assert.deepEqual(log.items.map((r: { id: string; kind: string; status: string }) => [r.id, r.kind, r.status]), [
    [document.requestId, "export", "completed"],
    [again.requestId, "export", "completed"],
  ]);
  assert.equal(log.items[0].requestedBy, `user:${t.accounts.adminA}`);
  assert.deepEqual(log.items[0].result.identifierKinds, ["phone"]);
  assert.ok(!JSON.stringify(log).includes("13812345678"), "identifiers are never stored");

  const audit = await withTenant(t.database.db, t.a, (tx) => listAudit(tx, { action: "dsr." }));
  assert.deepEqual(audit.entries.map((e) => [e.action, e.target]).reverse(), [
    ["dsr.export", `subject-request:${document.requestId}`],
    ["dsr.export", `subject-request:${again.requestId}`],
  ]);
  assert.ok(audit.entries.every((e) => e.actor === `user:${t.accounts.adminA}`));
});

Deno.test("erase answers a summary; the subject's consents are gone from view, the requests stay findable", async () => {
  await using t = await setupRoles();
  await grantMarketing(t.clients.adminA);
  await t.clients.adminA.post(REQUESTS, { kind: "export", subjectId: SUBJECT });
  const res = await t.clients.adminA.post(REQUESTS, { kind: "erase", subjectId: SUBJECT });
  assert.equal(res.status, 200);
  const erased = await res.json();
  assert.match(erased.subjectRef, /^erased:[0-9a-f]{64}$/);
  // The grant, plus the withdrawal erasure adds before cutting the link.
  assert.deepEqual(erased.handlers, { "core.consent": { affected: 2 }, "core.parking-plates": { affected: 0 } });
  assert.equal(erased.affected, 2);

  const after = await (await t.clients.adminA.get(consents())).json();
  assert.deepEqual([after.current, after.history], [[], []]);
  const log = await list(t.clients.adminA);
  assert.deepEqual(log.items.map((r: { kind: string; subjectId: string }) => [r.kind, r.subjectId]), [
    ["export", erased.subjectRef],
    ["erase", erased.subjectRef],
  ]);
  const audit = await withTenant(t.database.db, t.a, (tx) => listAudit(tx, { action: "dsr.erase" }));
  assert.equal(audit.entries.length, 1);
  assert.equal(audit.entries[0].target, `subject-request:${erased.requestId}`);
  assert.equal(audit.entries[0].details.affected, 2);
});

Deno.test("bad requests answer 422 on the field and run nothing", async () => {
  await using t = await setupRoles();
  const cases: [string, unknown, string][] = [
    [REQUESTS, { kind: "delete", subjectId: SUBJECT }, "kind"],
    [REQUESTS, { kind: "erase" }, "subjectId"],
    [REQUESTS, { kind: "erase", subjectId: "" }, "subjectId"],
    [REQUESTS, { kind: "export", subjectId: SUBJECT, identifiers: { phone: 138 } }, "identifiers.phone"],
    [`${REQUESTS}?download=yes`, { kind: "export", subjectId: SUBJECT }, "query.download"],
  ];
  for (const [path, body, field] of cases) {
    const res = await t.clients.adminA.request("POST", path, body);
    assert.equal(res.status, 422, JSON.stringify(body));
    assert.deepEqual((await res.json()).errors.map((e: { field: string }) => e.field), [field], JSON.stringify(body));
  }
  const empty = await t.clients.adminA.request("POST", REQUESTS);
  assert.equal(empty.status, 422);
  const noSubject = await t.clients.adminA.get(REQUESTS);
  assert.equal(noSubject.status, 422);
  assert.deepEqual((await noSubject.json()).errors.map((e: { field: string }) => e.field), ["query.subjectId"]);
  const audit = await withTenant(t.database.db, t.a, (tx) => listAudit(tx, { action: "dsr." }));
  assert.equal(audit.entries.length, 0);
});

Deno.test("another district can neither export, erase nor list the first district's subject", async () => {
  await using t = await setupRoles();
  await grantMarketing(t.clients.adminA);
  await t.clients.adminA.post(REQUESTS, { kind: "export", subjectId: SUBJECT });

  const exported = await (await t.clients.adminB.post(REQUESTS, { kind: "export", subjectId: SUBJECT })).json();
  assert.deepEqual(exported.sections["core.consent"], { current: [], history: [] });
  const erased = await (await t.clients.adminB.post(REQUESTS, { kind: "erase", subjectId: SUBJECT })).json();
  assert.equal(erased.affected, 0);

  const logB = await list(t.clients.adminB);
  assert.deepEqual(logB.items.map((r: { kind: string }) => r.kind), ["export", "erase"], "only B's own requests");
  const logA = await list(t.clients.adminA);
  assert.deepEqual(logA.items.map((r: { kind: string; subjectId: string }) => [r.kind, r.subjectId]), [
    ["export", SUBJECT],
  ]);
  const a = await (await t.clients.adminA.get(consents())).json();
  assert.deepEqual(a.current.map((c: { granted: boolean }) => c.granted), [true], "A's consent survived B's erasure");
});
