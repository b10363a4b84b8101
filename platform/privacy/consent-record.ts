/**
 * Recording consent decisions. Each grant or withdrawal appends one row; nothing is overwritten, so the history
 * is the proof of what the subject agreed to, when, through which channel and under which policy version.
 */
import { sql } from "kysely";
import { z } from "zod";
import type { TenantTx } from "../db/tenant.ts";
import { uuidv7 } from "../ids.ts";
import { type ConsentPurposeRegistry, consentPurposes } from "./consent-purposes.ts";
import type { ConsentDecision } from "./rights-schema.ts";

export interface ConsentEvent {
  id: string;
  subjectId: string;
  purpose: string;
  decision: ConsentDecision;
  decidedAt: Date;
  channel: string;
  source: string | null;
  policyVersion: string;
  recordedBy: string;
  recordedAt: Date;
}

/** A decided_at this far ahead of the clock is refused: it would outrank every later decision. */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;

export const consentDecisionInput = z.object({
  subjectId: z.string().min(1).max(200),
  purpose: z.string().min(1),
  /** How the decision was given: "h5", "mini-program", "counter", "pos", "api", "import" … */
  channel: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, "lower-case word, at most 32 characters"),
  /** The privacy policy version the subject was shown, e.g. "2024-06". */
  policyVersion: z.string().min(1).max(64),
  /**
   * Who recorded it: "subject" when the person acted, "user:<id>" for staff, "system:<what>". Not the subject's
   * own id: that stays in subject_id alone, so erasure only has one column to clear.
   */
  recordedBy: z.string().min(1).max(200).default("subject"),
  /** Which part of the platform recorded it: "core", "plugin:membership". */
  source: z.string().min(1).max(200).optional(),
  /** When the subject decided; defaults to now. Set it when importing consents collected elsewhere. */
  decidedAt: z.date().optional(),
});

export type ConsentDecisionInput = z.input<typeof consentDecisionInput>;

export interface ConsentRecordOptions {
  purposes?: ConsentPurposeRegistry;
}

export function grantConsent(
  tx: TenantTx,
  input: ConsentDecisionInput,
  options: ConsentRecordOptions = {},
): Promise<ConsentEvent> {
  return recordConsentDecision(tx, "granted", input, options);
}

export function withdrawConsent(
  tx: TenantTx,
  input: ConsentDecisionInput,
  options: ConsentRecordOptions = {},
): Promise<ConsentEvent> {
  return recordConsentDecision(tx, "withdrawn", input, options);
}

async function recordConsentDecision(
  tx: TenantTx,
  decision: ConsentDecision,
  raw: ConsentDecisionInput,
  options: ConsentRecordOptions,
): Promise<ConsentEvent> {
  const input = consentDecisionInput.parse(raw);
  (options.purposes ?? consentPurposes).get(input.purpose);
  const decidedAt = input.decidedAt ?? new Date();
  if (decidedAt.getTime() > Date.now() + MAX_CLOCK_SKEW_MS) {
    throw new RangeError(`consent decidedAt ${decidedAt.toISOString()} is in the future`);
  }
  const row = await tx.insertInto("core.consent_events")
    .values({
      // The tenant withTenant set for this transaction; row-level security checks the same value.
      tenant_id: sql<string>`core.current_tenant_id()`,
      id: uuidv7(),
      subject_id: input.subjectId,
      purpose: input.purpose,
      decision,
      decided_at: decidedAt,
      channel: input.channel,
      source: input.source ?? null,
      policy_version: input.policyVersion,
      recorded_by: input.recordedBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toConsentEvent(row);
}

export function toConsentEvent(row: {
  id: string;
  subject_id: string;
  purpose: string;
  decision: ConsentDecision;
  decided_at: Date;
  channel: string;
  source: string | null;
  policy_version: string;
  recorded_by: string;
  recorded_at: Date;
}): ConsentEvent {
  return {
    id: row.id,
    subjectId: row.subject_id,
    purpose: row.purpose,
    decision: row.decision,
    decidedAt: row.decided_at,
    channel: row.channel,
    source: row.source,
    policyVersion: row.policy_version,
    recordedBy: row.recorded_by,
    recordedAt: row.recorded_at,
  };
}
