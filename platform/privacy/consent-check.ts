/**
 * The checks plugins must make before using personal data for a purpose beyond the service itself (precision
 * marketing, location push, sharing with partners). `requireConsent` throws, so forgetting to handle "no" cannot
 * fall through to sending; `hasConsent` is for code that picks another path; `subjectsWithConsent` filters a
 * campaign's audience in one query.
 */
import type { TenantTx } from "../db/tenant.ts";
import { type ConsentPurposeRegistry, consentPurposes } from "./consent-purposes.ts";
import type { ConsentDecision } from "./rights-schema.ts";

export class ConsentRequiredError extends Error {
  constructor(
    readonly subjectId: string,
    readonly purpose: string,
    /** "never-granted" may be asked for; "withdrawn" must be respected until the subject grants again. */
    readonly state: "never-granted" | "withdrawn",
  ) {
    super(`no consent for purpose "${purpose}" (${state})`);
    this.name = "ConsentRequiredError";
  }
}

export interface ConsentCheckOptions {
  purposes?: ConsentPurposeRegistry;
}

async function latestDecision(
  tx: TenantTx,
  subjectId: string,
  purpose: string,
  options: ConsentCheckOptions,
): Promise<ConsentDecision | undefined> {
  // An unregistered purpose is a programming error, not a "no".
  (options.purposes ?? consentPurposes).get(purpose);
  const row = await tx.selectFrom("core.consent_events")
    .select("decision")
    .where("subject_id", "=", subjectId)
    .where("purpose", "=", purpose)
    .orderBy("decided_at", "desc")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return row?.decision;
}

export async function hasConsent(
  tx: TenantTx,
  subjectId: string,
  purpose: string,
  options: ConsentCheckOptions = {},
): Promise<boolean> {
  return await latestDecision(tx, subjectId, purpose, options) === "granted";
}

export async function requireConsent(
  tx: TenantTx,
  subjectId: string,
  purpose: string,
  options: ConsentCheckOptions = {},
): Promise<void> {
  const decision = await latestDecision(tx, subjectId, purpose, options);
  if (decision === "granted") return;
  throw new ConsentRequiredError(subjectId, purpose, decision === "withdrawn" ? "withdrawn" : "never-granted");
}

const CHUNK = 1000;

/** The subjects among `subjectIds` whose latest decision for the purpose is a grant. */
export async function subjectsWithConsent(
  tx: TenantTx,
  subjectIds: readonly string[],
  purpose: string,
  options: ConsentCheckOptions = {},
): Promise<Set<string>> {
  (options.purposes ?? consentPurposes).get(purpose);
  const consenting = new Set<string>();
  const unique = [...new Set(subjectIds)];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const rows = await tx.selectFrom("core.consent_events")
      .distinctOn("subject_id")
      .select(["subject_id", "decision"])
      .where("purpose", "=", purpose)
      .where("subject_id", "in", unique.slice(i, i + CHUNK))
      .orderBy("subject_id")
      .orderBy("decided_at", "desc")
      .orderBy("id", "desc")
      .execute();
    for (const row of rows) if (row.decision === "granted") consenting.add(row.subject_id);
  }
  return consenting;
}
