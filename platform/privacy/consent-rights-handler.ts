/**
 * Consent history as a data-subject-rights handler.
 *
 * Export: the subject's current state per purpose and every decision they made.
 *
 * Erase keeps the rows and drops the link to the person, rather than deleting: the operator has to be able to
 * show that processing for a purpose had consent at the time, and that it stopped when consent was withdrawn
 * (PIPL art. 14–15 and 47 — erasure does not cover what other law requires keeping; GB/T 35273 §5.4, §8.4), and
 * deleted rows prove nothing. So:
 * - every purpose still granted first gets an explicit withdrawal ("dsr" channel), because an erased person
 *   cannot be marketed to and the history should say so;
 * - subject_id is replaced by the erased reference (a one-way digest, see subject-requests-erased-ref.ts). That
 *   is the only identifying column: purpose, decision, time, channel, policy version and recorded_by (which is
 *   "subject", staff or system, never the subject's own id) say nothing about who the person was.
 * The database lets the application update subject_id and nothing else in this table (migration 0020).
 */
import { sql } from "kysely";
import type { TenantTx } from "../db/tenant.ts";
import { uuidv7 } from "../ids.ts";
import { consentHistory, currentConsents } from "./consent-state.ts";
import { erasedSubjectRef } from "./subject-requests-erased-ref.ts";
import type { DataSubject, SubjectRightsHandler } from "./subject-requests-registry.ts";

export const CONSENT_HANDLER_ID = "core.consent";

async function exportConsent(tx: TenantTx, subject: DataSubject) {
  const current = await currentConsents(tx, subject.id);
  const history = await consentHistory(tx, subject.id);
  return {
    current,
    history: history.map(({ subjectId: _subjectId, id: _id, ...event }) => event),
  };
}

async function eraseConsent(tx: TenantTx, subject: DataSubject): Promise<{ affected: number }> {
  const stillGranted = (await currentConsents(tx, subject.id)).filter((c) => c.granted);
  for (const consent of stillGranted) {
    // Inserted directly rather than through withdrawConsent: the purpose may belong to a plugin that is no
    // longer loaded, and erasure must not fail for that.
    await tx.insertInto("core.consent_events").values({
      tenant_id: sql<string>`core.current_tenant_id()`,
      id: uuidv7(),
      subject_id: subject.id,
      purpose: consent.purpose,
      decision: "withdrawn",
      decided_at: new Date(),
      channel: "dsr",
      source: "core.subject-requests",
      policy_version: consent.policyVersion,
      recorded_by: "system:dsr.erase",
    }).execute();
  }
  const ref = await erasedSubjectRef(tx, subject.id);
  const result = await tx.updateTable("core.consent_events")
    .set({ subject_id: ref })
    .where("subject_id", "=", subject.id)
    .executeTakeFirst();
  return { affected: Number(result.numUpdatedRows) };
}

export const consentRightsHandler: SubjectRightsHandler = {
  id: CONSENT_HANDLER_ID,
  export: exportConsent,
  erase: eraseConsent,
};
