/**
 * Reading consent: the full history of a subject and the current state per purpose. The state is the latest
 * decision per purpose (by decided_at, then by id, which is time-ordered), so a later withdrawal always wins.
 */
import type { TenantTx } from "../db/tenant.ts";
import { type ConsentEvent, toConsentEvent } from "./consent-record.ts";

export interface ConsentStatus {
  purpose: string;
  granted: boolean;
  /** When the latest decision was made. */
  since: Date;
  policyVersion: string;
  channel: string;
}

/** Every decision of the subject, oldest first. */
export async function consentHistory(tx: TenantTx, subjectId: string): Promise<ConsentEvent[]> {
  const rows = await tx.selectFrom("core.consent_events")
    .selectAll()
    .where("subject_id", "=", subjectId)
    .orderBy("decided_at")
    .orderBy("id")
    .execute();
  return rows.map(toConsentEvent);
}

/** The latest decision per purpose the subject was ever asked about; purposes never asked are absent. */
export async function currentConsents(tx: TenantTx, subjectId: string): Promise<ConsentStatus[]> {
  const rows = await tx.selectFrom("core.consent_events")
    .distinctOn("purpose")
    .select(["purpose", "decision", "decided_at", "policy_version", "channel"])
    .where("subject_id", "=", subjectId)
    .orderBy("purpose")
    .orderBy("decided_at", "desc")
    .orderBy("id", "desc")
    .execute();
  return rows.map((row) => ({
    purpose: row.purpose,
    granted: row.decision === "granted",
    since: row.decided_at,
    policyVersion: row.policy_version,
    channel: row.channel,
  }));
}
