/** Data-subject requests: export and erasure across handlers, the request log, audit, and all-or-nothing. */
import assert from "node:assert/strict";
import { type Kysely, sql } from "kysely";
import type { AuditEntryInput, AuditSink } from "../audit/types.ts";
import { OWNER_ROLE } from "../db/roles.ts";
import type { CoreDatabase } from "../db/schema.ts";
import { type TenantTx, withTenant } from "../db/tenant.ts";
import { openTestDatabase } from "../../tests/support/test-db.ts";
import { createTestTenants } from "../../tests/support/tenants.ts";
import { hasConsent } from "./consent-check.ts";
import { grantConsent, withdrawConsent } from "./consent-record.ts";
import { consentHistory } from "./consent-state.ts";
import { eraseSubject } from "./subject-requests-erase.ts";
import { erasedSubjectRefFor } from "./subject-requests-erased-ref.ts";
import { exportSubject, SUBJECT_EXPORT_FORMAT } from "./subject-requests-export.ts";
import { handleSubjectRequest } from "./subject-requests-handle.ts";
import { createSubjectRightsRegistry, subjectRights } from "./subject-requests-handlers.ts";
import { subjectRequestsOf } from "./subject-requests-log.ts";
import {
  type DataSubject,
  SubjectRightsHandlerError,
  type SubjectRightsRegistry,
} from "./subject-requests-registry.ts";

const member = "0192f1c3-7d2e-7000-8000-00000000abcd";
const phone = "13812345678";
const consentBase = { subjectId: member, channel: "h5", policyVersion: "2024-06" };

function recordingSink() {
  const entries: AuditEntryInput[] = [];
  const sink: AuditSink = (_tx, entry) => {
    entries.push(entry);
    return Promise.resolve();
  };
  return { entries, sink };
}

/** A plugin-style member table and its handler, which deletes on erasure. */
async function setup() {
  const database = await openTestDatabase();
  const [a, b] = await createTestTenants(database);
  await database.db.transaction().execute(async (tx) => {
    await sql.raw(`set local role ${OWNER_ROLE}`).execute(tx);
    await sql`create schema plugin_test`.execute(tx);
    await sql`grant usage on schema plugin_test to district_app, district_platform`.execute(tx);
    await sql`create table plugin_test.members (tenant_id uuid not null, id text not null, name text not null,
      phone text not null, joined_at timestamptz not null default now(), primary key (tenant_id, id))`.execute(tx);
    await sql`select core.protect_tenant_table('plugin_test.members')`.execute(tx);
  });
  for (const tenant of [a, b]) {
    await withTenant(database.db, tenant, async (tx) => {
      await sql`insert into plugin_test.members (tenant_id, id, name, phone)
        values (${tenant}, ${member}, '张三', ${phone})`.execute(tx);
      await grantConsent(tx, { ...consentBase, purpose: "marketing" });
    });
  }
  const seen: DataSubject[] = [];
  const registry = createSubjectRightsRegistry();
  registry.register({
    id: "test.members",
    async export(tx, subject) {
      seen.push(subject);
      return (await sql`select id, name, phone, joined_at from plugin_test.members where id = ${subject.id}`
        .execute(tx)).rows;
    },
    async erase(tx, subject) {
      seen.push(subject);
      const { rows } = await sql<{ n: number }>`with gone as (
        delete from plugin_test.members where id = ${subject.id} returning 1) select count(*)::int as n from gone`
        .execute(tx);
      return { affected: rows[0].n };
    },
  });
  return { database, a, b, registry, seen };
}

function members(db: Kysely<CoreDatabase>, tenant: string) {
  return withTenant(
    db,
    tenant,
    async (tx) => (await sql<{ id: string }>`select id from plugin_test.members`.execute(tx)).rows.map((r) => r.id),
  );
}

function withFailingHandler(registry: SubjectRightsRegistry): SubjectRightsRegistry {
  registry.register({
    id: "test.failing",
    export: () => Promise.reject(new Error(`cannot read ${phone}`)),
    erase: () => Promise.reject(new Error(`duplicate key (phone)=(${phone})`)),
  });
  return registry;
}

Deno.test("the platform registry has the core's handlers: consents and parking plates", () => {
  assert.deepEqual(subjectRights.list().map((h) => h.id), ["core.consent", "core.parking-plates"]);
});

Deno.test("export collects every handler's section into one JSON document, logged and audited", async () => {
  const { database, a, registry, seen } = await setup();
  await using _ = database;
  const audit = recordingSink();
  const subject = { id: member, identifiers: { phone } };
  const { requestId, document } = await withTenant(database.db, a, async (tx) => {
    await withdrawConsent(tx, { ...consentBase, purpose: "marketing", channel: "counter", recordedBy: "user:c1" });
    return exportSubject(tx, audit.sink, { subject, requestedBy: "user:operator-1", registry });
  });

  assert.equal(document.format, SUBJECT_EXPORT_FORMAT);
  assert.equal(document.requestId, requestId);
  assert.equal(document.subjectId, member);
  assert.deepEqual(Object.keys(document.sections), ["core.consent", "core.parking-plates", "test.members"]);
  assert.deepEqual(JSON.parse(JSON.stringify(document)), document);
  const consent = document.sections["core.consent"] as {
    current: { purpose: string; granted: boolean }[];
    history: { purpose: string; decision: string; channel: string; decidedAt: string }[];
  };
  assert.deepEqual(consent.current.map((c) => [c.purpose, c.granted]), [["marketing", false]]);
  assert.deepEqual(consent.history.map((e) => [e.decision, e.channel]), [["granted", "h5"], ["withdrawn", "counter"]]);
  assert.equal(typeof consent.history[0].decidedAt, "string");
  const rows = document.sections["test.members"] as { name: string; phone: string; joined_at: string }[];
  assert.deepEqual(rows.map((r) => [r.name, r.phone]), [["张三", phone]]);
  assert.equal(typeof rows[0].joined_at, "string");
  // Handlers get the identifiers the requester proved.
  assert.deepEqual(seen, [subject]);

  const [logged] = await withTenant(database.db, a, (tx) => subjectRequestsOf(tx, member));
  assert.equal(logged.id, requestId);
  assert.deepEqual([logged.kind, logged.status, logged.requestedBy], ["export", "completed", "user:operator-1"]);
  assert.ok(logged.completedAt instanceof Date);
  assert.deepEqual(logged.result.sections, ["core.consent", "core.parking-plates", "test.members"]);
  assert.deepEqual(logged.result.identifierKinds, ["phone"]);
  assert.ok(!JSON.stringify(logged.result).includes(phone), "the log keeps no exported data");

  assert.equal(audit.entries.length, 1);
  assert.deepEqual([audit.entries[0].action, audit.entries[0].target], ["dsr.export", `subject-request:${requestId}`]);
  assert.ok(!JSON.stringify(audit.entries).includes(member), "the audit chain never holds the subject id");
  assert.ok(!JSON.stringify(audit.entries).includes(phone));
});

Deno.test("erasure runs every handler: data gone, consent kept as proof without the subject id", async () => {
  const { database, a, b, registry } = await setup();
  await using _ = database;
  const audit = recordingSink();
  await withTenant(database.db, a, async (tx) => {
    await grantConsent(tx, { ...consentBase, purpose: "location_push" });
    await withdrawConsent(tx, { ...consentBase, purpose: "location_push" });
    await exportSubject(tx, audit.sink, { subject: { id: member }, requestedBy: "user:operator-1", registry });
  });
  const result = await withTenant(
    database.db,
    a,
    (tx) => eraseSubject(tx, audit.sink, { subject: { id: member }, requestedBy: "user:operator-1", registry }),
  );
  const ref = await erasedSubjectRefFor(a, member);
  assert.equal(result.subjectRef, ref);
  // 3 decisions + 1 withdrawal of marketing, which was still granted.
  assert.deepEqual(result.handlers, {
    "core.consent": { affected: 4 },
    // No plate was proven, so there is nothing of the subject's in the parking events.
    "core.parking-plates": { affected: 0 },
    "test.members": { affected: 1 },
  });
  assert.equal(result.affected, 5);

  assert.deepEqual(await members(database.db, a), []);
  await withTenant(database.db, a, async (tx) => {
    assert.deepEqual(await consentHistory(tx, member), []);
    assert.equal(await hasConsent(tx, member, "marketing"), false);
    const kept = await consentHistory(tx, ref);
    assert.deepEqual(kept.map((e) => [e.purpose, e.decision, e.channel]), [
      ["marketing", "granted", "h5"],
      ["location_push", "granted", "h5"],
      ["location_push", "withdrawn", "h5"],
      ["marketing", "withdrawn", "dsr"],
    ]);
    assert.ok(kept.every((e) => e.policyVersion === "2024-06" && !e.recordedBy.includes(member)));
    // Both requests can still be found by the person's id, and neither holds it any more.
    const requests = await subjectRequestsOf(tx, member);
    assert.deepEqual(requests.map((r) => [r.kind, r.status, r.subjectId]), [
      ["export", "completed", ref],
      ["erase", "completed", ref],
    ]);
    assert.deepEqual(requests[1].result.handlers, result.handlers);
    assert.equal(requests[1].result.earlierRequests, 1);
    const plain = await tx.selectFrom("core.subject_requests").select("id").where("subject_id", "=", member).execute();
    assert.deepEqual(plain, []);
  });
  assert.deepEqual(audit.entries.map((e) => e.action), ["dsr.export", "dsr.erase"]);
  assert.equal(audit.entries[1].target, `subject-request:${result.requestId}`);
  assert.ok(!JSON.stringify(audit.entries).includes(member));

  // The same id in another district is untouched.
  assert.deepEqual(await members(database.db, b), [member]);
  assert.equal(await withTenant(database.db, b, (tx) => hasConsent(tx, member, "marketing")), true);
});

Deno.test("a failing handler undoes every other handler's work; the failure is logged and audited", async () => {
  const { database, a, registry } = await setup();
  await using _ = database;
  const audit = recordingSink();
  withFailingHandler(registry);
  await assert.rejects(
    handleSubjectRequest(database.db, a, audit.sink, {
      kind: "erase",
      subject: { id: member, identifiers: { phone } },
      requestedBy: "user:operator-1",
      registry,
    }),
    (error) => error instanceof SubjectRightsHandlerError && error.handlerId === "test.failing",
  );
  assert.deepEqual(await members(database.db, a), [member]);
  await withTenant(database.db, a, async (tx) => {
    assert.equal(await hasConsent(tx, member, "marketing"), true);
    assert.equal((await consentHistory(tx, member)).length, 1);
    const [failed] = await subjectRequestsOf(tx, member);
    assert.deepEqual([failed.kind, failed.status, failed.completedAt, failed.error], [
      "erase",
      "failed",
      null,
      "test.failing: Error",
    ]);
    assert.ok(!JSON.stringify(failed).includes(phone), "error messages may quote personal data: not kept");
  });
  // The attempt never reached its audit call; the failure was audited in its own transaction.
  assert.deepEqual(audit.entries.map((e) => [e.action, e.details?.status, e.details?.handler]), [
    ["dsr.erase", "failed", "test.failing"],
  ]);
  assert.ok(!JSON.stringify(audit.entries).includes(phone));

  await assert.rejects(
    handleSubjectRequest(database.db, a, audit.sink, {
      kind: "export",
      subject: { id: member },
      requestedBy: "user:operator-1",
      registry,
    }),
    SubjectRightsHandlerError,
  );
  const statuses = await withTenant(database.db, a, (tx) => subjectRequestsOf(tx, member));
  assert.deepEqual(statuses.map((r) => [r.kind, r.status]), [["erase", "failed"], ["export", "failed"]]);
});

Deno.test("handleSubjectRequest returns the export document when every handler succeeds", async () => {
  const { database, a, registry } = await setup();
  await using _ = database;
  const result = await handleSubjectRequest(database.db, a, recordingSink().sink, {
    kind: "export",
    subject: { id: member },
    requestedBy: "member:self",
    registry,
  });
  assert.deepEqual(Object.keys(result.document.sections), ["core.consent", "core.parking-plates", "test.members"]);
  const erased = await handleSubjectRequest(database.db, a, recordingSink().sink, {
    kind: "erase",
    subject: { id: member },
    requestedBy: "member:self",
    registry,
  });
  // The grant and the withdrawal appended on erasure, plus the member row.
  assert.equal(erased.affected, 3);
});

Deno.test("a handler that does not say how many rows it erased is an error", async () => {
  const { database, a, registry } = await setup();
  await using _ = database;
  registry.register({
    id: "test.sloppy",
    export: () => Promise.resolve(null),
    erase: () => Promise.resolve({ affected: -1 }),
  });
  await assert.rejects(
    withTenant(
      database.db,
      a,
      (tx: TenantTx) =>
        eraseSubject(tx, recordingSink().sink, { subject: { id: member }, requestedBy: "user:x", registry }),
    ),
    (error) => error instanceof SubjectRightsHandlerError && error.handlerId === "test.sloppy",
  );
  assert.deepEqual(await members(database.db, a), [member]);
});

Deno.test("requests without a subject or a requester are refused before anything runs", async () => {
  const { database, a, registry } = await setup();
  await using _ = database;
  const audit = recordingSink();
  for (const bad of [{ subject: { id: "" }, requestedBy: "user:x" }, { subject: { id: member }, requestedBy: " " }]) {
    await assert.rejects(
      handleSubjectRequest(database.db, a, audit.sink, { kind: "erase", registry, ...bad }),
      TypeError,
    );
  }
  assert.deepEqual(audit.entries, []);
  assert.deepEqual(await withTenant(database.db, a, (tx) => subjectRequestsOf(tx, member)), []);
});

Deno.test("the erased reference is stable per tenant and differs between tenants", async () => {
  const a = "0192f1c3-0000-7000-8000-000000000001";
  const b = "0192f1c3-0000-7000-8000-000000000002";
  assert.equal(await erasedSubjectRefFor(a, member), await erasedSubjectRefFor(a, member));
  assert.notEqual(await erasedSubjectRefFor(a, member), await erasedSubjectRefFor(b, member));
  assert.match(await erasedSubjectRefFor(a, member), /^erased:[0-9a-f]{64}$/);
});

Deno.test("another tenant can neither see nor change the request log; the log cannot be rewritten", async () => {
  const { database, a, b, registry } = await setup();
  await using _ = database;
  await withTenant(
    database.db,
    a,
    (tx) => exportSubject(tx, recordingSink().sink, { subject: { id: member }, requestedBy: "user:x", registry }),
  );
  await withTenant(database.db, b, async (tx) => {
    assert.deepEqual(await tx.selectFrom("core.subject_requests").selectAll().execute(), []);
    assert.deepEqual(await subjectRequestsOf(tx, member), []);
    const updated = await tx.updateTable("core.subject_requests").set({ subject_id: "x" }).executeTakeFirst();
    assert.equal(updated.numUpdatedRows, 0n);
  });
  await assert.rejects(
    withTenant(database.db, b, (tx) =>
      tx.insertInto("core.subject_requests").values({
        tenant_id: a,
        id: crypto.randomUUID(),
        kind: "erase",
        subject_id: member,
        status: "completed",
        requested_by: "user:intruder",
        completed_at: new Date(),
        result: "{}",
        error: null,
      }).execute()),
    /row-level security/,
  );
  await assert.rejects(
    withTenant(database.db, a, (tx) => tx.updateTable("core.subject_requests").set({ status: "failed" }).execute()),
    /permission denied/,
  );
  await assert.rejects(
    withTenant(database.db, a, (tx) => tx.deleteFrom("core.subject_requests").execute()),
    /permission denied/,
  );
  assert.equal((await withTenant(database.db, a, (tx) => subjectRequestsOf(tx, member))).length, 1);
});
