/**
 * PIPL art. 47: erasure. Every registered handler deletes or anonymises its part in the caller's transaction,
 * so either all of them did or (on any error) none did. The subject's earlier requests in the log get the erased
 * reference instead of the id, and the erasure itself is logged under that reference too: the log proves the
 * request was answered without keeping the id it erased.
 */
import type { AuditSink } from "../audit/types.ts";
import type { TenantTx } from "../db/tenant.ts";
import { uuidv7 } from "../ids.ts";
import { erasedSubjectRef } from "./subject-requests-erased-ref.ts";
import { subjectRights } from "./subject-requests-handlers.ts";
import {
  checkSubjectRequestInput,
  identifierKinds,
  type SubjectRequestInput,
  toolsOf,
} from "./subject-requests-input.ts";
import { eraseSubjectFromRequestLog, recordCompletedRequest } from "./subject-requests-log.ts";
import { SubjectRightsHandlerError } from "./subject-requests-registry.ts";

export interface SubjectErasureResult {
  requestId: string;
  /** What the subject id was replaced with in the records kept by law. */
  subjectRef: string;
  /** Rows changed per handler. */
  handlers: Record<string, { affected: number }>;
  affected: number;
}

export async function eraseSubject(
  tx: TenantTx,
  audit: AuditSink,
  input: SubjectRequestInput,
): Promise<SubjectErasureResult> {
  checkSubjectRequestInput(input);
  const requestId = uuidv7();
  const requestedAt = new Date();
  const tools = toolsOf(input, tx);
  const handlers: Record<string, { affected: number }> = {};
  let affected = 0;
  for (const handler of (input.registry ?? subjectRights).list()) {
    let result: { affected: number };
    try {
      result = await handler.erase(tx, input.subject, tools);
    } catch (error) {
      throw new SubjectRightsHandlerError(handler.id, "erase", error);
    }
    if (!Number.isInteger(result?.affected) || result.affected < 0) {
      throw new SubjectRightsHandlerError(
        handler.id,
        "erase",
        new TypeError(`erase must return { affected: non-negative integer }, got ${JSON.stringify(result)}`),
      );
    }
    handlers[handler.id] = { affected: result.affected };
    affected += result.affected;
  }
  const subjectRef = await erasedSubjectRef(tx, input.subject.id);
  const earlierRequests = await eraseSubjectFromRequestLog(tx, input.subject.id);
  const summary = { handlers, affected, earlierRequests, identifierKinds: identifierKinds(input.subject) };
  await recordCompletedRequest(tx, audit, {
    id: requestId,
    kind: "erase",
    subjectId: subjectRef,
    requestedBy: input.requestedBy,
    requestedAt,
    summary,
  });
  return { requestId, subjectRef, handlers, affected };
}
