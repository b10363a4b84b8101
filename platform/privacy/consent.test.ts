/** Consent recording, state and checks, on the real tables as the application role. */
import assert from "node:assert/strict";
import { sql } from "kysely";
import { withTenant } from "../db/tenant.ts";
import { openTestDatabase } from "../../tests/support/test-db.ts";
import { createTestTenants } from "../../tests/support/tenants.ts";
import { ConsentRequiredError, hasConsent, requireConsent, subjectsWithConsent } from "./consent-check.ts";
import { createConsentPurposeRegistry, UnknownConsentPurposeError } from "./consent-purposes.ts";
import { grantConsent, withdrawConsent } from "./consent-record.ts";
import { consentHistory, currentConsents } from "./consent-state.ts";

const member = "member-0192f1c3";
const base = { subjectId: member, channel: "h5", policyVersion: "2024-06" };

Deno.test("grant, withdraw and grant again: history keeps every decision, state follows the latest", async () => {
  await using database = await openTestDatabase();
  const [a] = await createTestTenants(database);
  await withTenant(database.db, a, async (tx) => {
    const granted = await grantConsent(tx, { ...base, purpose: "marketing", source: "plugin:membership" });
    assert.equal(granted.decision, "granted");
    assert.equal(granted.recordedBy, "subject");
    await grantConsent(tx, { ...base, purpose: "location_push" });
    await withdrawConsent(tx, { ...base, purpose: "marketing", channel: "counter", recordedBy: "user:clerk-7" });

    assert.equal(await hasConsent(tx, member, "marketing"), false);
    assert.equal(await hasConsent(tx, member, "location_push"), true);
    assert.equal(await hasConsent(tx, member, "partner_sharing"), false);

    await grantConsent(tx, { ...base, purpose: "marketing", policyVersion: "2025-01" });
    assert.equal(await hasConsent(tx, member, "marketing"), true);

    const history = await consentHistory(tx, member);
    assert.deepEqual(
      history.map((e) => [e.purpose, e.decision, e.channel, e.policyVersion, e.recordedBy]),
      [
        ["marketing", "granted", "h5", "2024-06", "subject"],
        ["location_push", "granted", "h5", "2024-06", "subject"],
        ["marketing", "withdrawn", "counter", "2024-06", "user:clerk-7"],
        ["marketing", "granted", "h5", "2025-01", "subject"],
      ],
    );
    assert.equal(history[0].source, "plugin:membership");
    assert.ok(history.every((e) => e.decidedAt instanceof Date && e.recordedAt instanceof Date));

    const state = await currentConsents(tx, member);
    assert.deepEqual(state.map((s) => [s.purpose, s.granted, s.policyVersion]), [
      ["location_push", true, "2024-06"],
      ["marketing", true, "2025-01"],
    ]);
  });
});

Deno.test("requireConsent throws a typed error that says whether consent was never given or withdrawn", async () => {
  await using database = await openTestDatabase();
  const [a] = await createTestTenants(database);
  await withTenant(database.db, a, async (tx) => {
    await assert.rejects(
      requireConsent(tx, member, "marketing"),
      (error) =>
        error instanceof ConsentRequiredError && error.state === "never-granted" && error.purpose === "marketing",
    );
    await grantConsent(tx, { ...base, purpose: "marketing" });
    await requireConsent(tx, member, "marketing");
    await withdrawConsent(tx, { ...base, purpose: "marketing" });
    await assert.rejects(
      requireConsent(tx, member, "marketing"),
      (error) => error instanceof ConsentRequiredError && error.state === "withdrawn",
    );
  });
});

Deno.test("an imported older grant does not override a newer withdrawal", async () => {
  await using database = await openTestDatabase();
  const [a] = await createTestTenants(database);
  await withTenant(database.db, a, async (tx) => {
    await withdrawConsent(tx, { ...base, purpose: "marketing" });
    await grantConsent(tx, {
      ...base,
      purpose: "marketing",
      channel: "import",
      decidedAt: new Date(Date.now() - 30 * 86_400_000),
    });
    assert.equal(await hasConsent(tx, member, "marketing"), false);
    assert.deepEqual((await consentHistory(tx, member)).map((e) => e.channel), ["import", "h5"]);
  });
});

Deno.test("unknown purposes, bad input and future dates are refused", async () => {
  await using database = await openTestDatabase();
  const [a] = await createTestTenants(database);
  await withTenant(database.db, a, async (tx) => {
    await assert.rejects(grantConsent(tx, { ...base, purpose: "spam" }), UnknownConsentPurposeError);
    await assert.rejects(hasConsent(tx, member, "spam"), UnknownConsentPurposeError);
    await assert.rejects(requireConsent(tx, member, "spam"), UnknownConsentPurposeError);
    await assert.rejects(grantConsent(tx, { ...base, purpose: "marketing", channel: "WeChat App" }), {
      name: "ZodError",
    });
    await assert.rejects(grantConsent(tx, { ...base, purpose: "marketing", subjectId: "" }), { name: "ZodError" });
    await assert.rejects(grantConsent(tx, { ...base, purpose: "marketing", policyVersion: "" }), { name: "ZodError" });
    await assert.rejects(
      grantConsent(tx, { ...base, purpose: "marketing", decidedAt: new Date(Date.now() + 3_600_000) }),
      /in the future/,
    );
  });
});

Deno.test("a purpose registered by a plugin can be granted and checked", async () => {
  await using database = await openTestDatabase();
  const [a] = await createTestTenants(database);
  const purposes = createConsentPurposeRegistry();
  purposes.register({ id: "parking.reservation_reminders", name: { zh: "预约提醒", en: "Reservation reminders" } });
  await withTenant(database.db, a, async (tx) => {
    await grantConsent(tx, { ...base, purpose: "parking.reservation_reminders" }, { purposes });
    assert.equal(await hasConsent(tx, member, "parking.reservation_reminders", { purposes }), true);
    // The platform registry does not know it.
    await assert.rejects(hasConsent(tx, member, "parking.reservation_reminders"), UnknownConsentPurposeError);
  });
});

Deno.test("subjectsWithConsent filters an audience by each subject's latest decision", async () => {
  await using database = await openTestDatabase();
  const [a] = await createTestTenants(database);
  await withTenant(database.db, a, async (tx) => {
    await grantConsent(tx, { ...base, subjectId: "m1", purpose: "marketing" });
    await grantConsent(tx, { ...base, subjectId: "m2", purpose: "marketing" });
    await withdrawConsent(tx, { ...base, subjectId: "m2", purpose: "marketing" });
    await grantConsent(tx, { ...base, subjectId: "m3", purpose: "location_push" });
    const audience = ["m1", "m2", "m3", "m4", "m1", ...Array.from({ length: 1500 }, (_, i) => `x${i}`)];
    assert.deepEqual([...await subjectsWithConsent(tx, audience, "marketing")], ["m1"]);
    assert.deepEqual([...await subjectsWithConsent(tx, [], "marketing")], []);
  });
});

Deno.test("consent history is append-only for the application: no rewriting decisions, no deleting", async () => {
  await using database = await openTestDatabase();
  const [a] = await createTestTenants(database);
  await withTenant(database.db, a, (tx) => grantConsent(tx, { ...base, purpose: "marketing" }));
  await assert.rejects(
    withTenant(
      database.db,
      a,
      (tx) => tx.updateTable("core.consent_events").set({ decision: "withdrawn" }).execute(),
    ),
    /permission denied/,
  );
  await assert.rejects(
    withTenant(database.db, a, (tx) => tx.deleteFrom("core.consent_events").execute()),
    /permission denied/,
  );
  assert.equal(await withTenant(database.db, a, (tx) => hasConsent(tx, member, "marketing")), true);
});

Deno.test("another tenant can neither see nor change a tenant's consent rows", async () => {
  await using database = await openTestDatabase();
  const [a, b] = await createTestTenants(database);
  await withTenant(database.db, a, (tx) => grantConsent(tx, { ...base, purpose: "marketing" }));

  await withTenant(database.db, b, async (tx) => {
    // The same opaque id in another district is another person as far as consent goes.
    assert.equal(await hasConsent(tx, member, "marketing"), false);
    assert.deepEqual(await consentHistory(tx, member), []);
    assert.equal((await tx.selectFrom("core.consent_events").selectAll().execute()).length, 0);
    const updated = await tx.updateTable("core.consent_events").set({ subject_id: "stolen" }).executeTakeFirst();
    assert.equal(updated.numUpdatedRows, 0n);
  });
  await assert.rejects(
    withTenant(
      database.db,
      b,
      (tx) =>
        sql`insert into core.consent_events (tenant_id, id, subject_id, purpose, decision, decided_at, channel,
          policy_version, recorded_by) values (${a}, gen_random_uuid(), 'x', 'marketing', 'granted', now(), 'h5',
          'v1', 'subject')`.execute(tx),
    ),
    /row-level security/,
  );
  await withTenant(database.db, a, async (tx) => {
    assert.deepEqual((await consentHistory(tx, member)).map((e) => e.subjectId), [member]);
  });
});
