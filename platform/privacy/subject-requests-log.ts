/**
 * The log of data-subject requests: proof that each request was answered, and when. It holds counts, never the
 * exported data, and the application may only add rows and erase the subject reference (migration 0022).
 */
import { sql } from "kysely";
import type { AuditSink } from "../audit/types.ts";
import type { TenantTx } from "../db/tenant.ts";
import type { SubjectRequestKind, SubjectRequestStatus } from "./rights-schema.ts";
import { erasedSubjectRef } from "./subject-requests-erased-ref.ts";

export interface SubjectRequestRecord {
  id: string;
  kind: SubjectRequestKind;
  subjectId: string;
  status: SubjectRequestStatus;
  requestedBy: string;
  requestedAt: Date;
  completedAt: Date | null;
  result: Record<string, unknown>;
  error: string | null;
}

export async function recordSubjectRequest(
  tx: TenantTx,
  record: Omit<SubjectRequestRecord, "requestedAt"> & { requestedAt?: Date },
): Promise<void> {
  await tx.insertInto("core.subject_requests").values({
    tenant_id: sql<string>`core.current_tenant_id()`,
    id: record.id,
    kind: record.kind,
    subject_id: record.subjectId,
    status: record.status,
    requested_by: record.requestedBy,
    requested_at: record.requestedAt,
    completed_at: record.completedAt,
    result: JSON.stringify(record.result),
    error: record.error,
  }).execute();
}

/**
 * Records a request answered in this transaction and audits it. The audit entry names the request, not the
 * subject: the hash chain cannot be edited when the subject is erased later, the request log can.
 */
export async function recordCompletedRequest(
  tx: TenantTx,
  audit: AuditSink,
  request: {
    id: string;
    kind: SubjectRequestKind;
    subjectId: string;
    requestedBy: string;
    requestedAt: Date;
    summary: Record<string, unknown>;
  },
): Promise<void> {
  await recordSubjectRequest(tx, {
    id: request.id,
    kind: request.kind,
    subjectId: request.subjectId,
    status: "completed",
    requestedBy: request.requestedBy,
    requestedAt: request.requestedAt,
    completedAt: new Date(),
    result: request.summary,
    error: null,
  });
  await audit(tx, {
    actor: request.requestedBy,
    action: `dsr.${request.kind}`,
    target: `subject-request:${request.id}`,
    details: { status: "completed", ...request.summary },
  });
}

/** Replaces the subject id in earlier requests by the erased reference, as part of erasing the subject. */
export async function eraseSubjectFromRequestLog(tx: TenantTx, subjectId: string): Promise<number> {
  const result = await tx.updateTable("core.subject_requests")
    .set({ subject_id: await erasedSubjectRef(tx, subjectId) })
    .where("subject_id", "=", subjectId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Every request of a subject, oldest first, including those made before the subject was erased. */
export async function subjectRequestsOf(tx: TenantTx, subjectId: string): Promise<SubjectRequestRecord[]> {
  const ref = await erasedSubjectRef(tx, subjectId);
  const rows = await tx.selectFrom("core.subject_requests")
    .selectAll()
    .where("subject_id", "in", [subjectId, ref])
    .orderBy("id")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    subjectId: row.subject_id,
    status: row.status,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at,
    completedAt: row.completed_at,
    result: row.result,
    error: row.error,
  }));
}
