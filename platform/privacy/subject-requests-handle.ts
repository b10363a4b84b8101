/**
 * Runs a data-subject request in its own tenant transaction and, when it fails, still leaves a trace: a second
 * transaction records the request as failed and audits it, because an unanswered request is something the
 * operator must see and follow up (PIPL art. 50), while the failed attempt itself has rolled back entirely.
 */
import type { Kysely } from "kysely";
import type { AuditSink } from "../audit/types.ts";
import type { CoreDatabase } from "../db/schema.ts";
import { withTenant } from "../db/tenant.ts";
import { uuidv7 } from "../ids.ts";
import { eraseSubject, type SubjectErasureResult } from "./subject-requests-erase.ts";
import { exportSubject, type SubjectExportResult } from "./subject-requests-export.ts";
import { checkSubjectRequestInput, identifierKinds, type SubjectRequestInput } from "./subject-requests-input.ts";
import { recordSubjectRequest } from "./subject-requests-log.ts";
import { SubjectRightsHandlerError } from "./subject-requests-registry.ts";

export function handleSubjectRequest(
  db: Kysely<CoreDatabase>,
  tenantId: string,
  audit: AuditSink,
  request: SubjectRequestInput & { kind: "export" },
): Promise<SubjectExportResult>;
export function handleSubjectRequest(
  db: Kysely<CoreDatabase>,
  tenantId: string,
  audit: AuditSink,
  request: SubjectRequestInput & { kind: "erase" },
): Promise<SubjectErasureResult>;
export async function handleSubjectRequest(
  db: Kysely<CoreDatabase>,
  tenantId: string,
  audit: AuditSink,
  request: SubjectRequestInput & { kind: "export" | "erase" },
): Promise<SubjectExportResult | SubjectErasureResult> {
  checkSubjectRequestInput(request);
  try {
    return await withTenant<SubjectExportResult | SubjectErasureResult>(
      db,
      tenantId,
      (tx) => request.kind === "export" ? exportSubject(tx, audit, request) : eraseSubject(tx, audit, request),
    );
  } catch (error) {
    try {
      await recordFailure(db, tenantId, audit, request, error);
    } catch (recordError) {
      throw new AggregateError([error, recordError], "the data-subject request failed, and so did recording that");
    }
    throw error;
  }
}

/** Only the failing handler and the error's name: messages from the database may quote personal data. */
function describeFailure(error: unknown): { handler?: string; error: string } {
  if (error instanceof SubjectRightsHandlerError) {
    const cause = error.cause instanceof Error ? error.cause.name : "Error";
    return { handler: error.handlerId, error: `${error.handlerId}: ${cause}` };
  }
  return { error: error instanceof Error ? error.name : "Error" };
}

function recordFailure(
  db: Kysely<CoreDatabase>,
  tenantId: string,
  audit: AuditSink,
  request: SubjectRequestInput & { kind: "export" | "erase" },
  error: unknown,
): Promise<void> {
  const failure = describeFailure(error);
  const requestId = uuidv7();
  return withTenant(db, tenantId, async (tx) => {
    await recordSubjectRequest(tx, {
      id: requestId,
      kind: request.kind,
      subjectId: request.subject.id,
      status: "failed",
      requestedBy: request.requestedBy,
      completedAt: null,
      result: { identifierKinds: identifierKinds(request.subject) },
      error: failure.error,
    });
    await audit(tx, {
      actor: request.requestedBy,
      action: `dsr.${request.kind}`,
      target: `subject-request:${requestId}`,
      details: { status: "failed", ...failure },
    });
  });
}
