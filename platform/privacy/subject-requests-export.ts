/**
 * PIPL art. 45: a subject may obtain a copy of their personal information. Every registered handler contributes
 * one section to a single JSON document; the request is logged and audited in the same transaction, so an export
 * that did not happen leaves no record and one that did always does.
 */
import type { AuditSink } from "../audit/types.ts";
import type { TenantTx } from "../db/tenant.ts";
import { uuidv7 } from "../ids.ts";
import {
  checkSubjectRequestInput,
  identifierKinds,
  type SubjectRequestInput,
  toolsOf,
} from "./subject-requests-input.ts";
import { subjectRights } from "./subject-requests-handlers.ts";
import { recordCompletedRequest } from "./subject-requests-log.ts";
import { SubjectRightsHandlerError } from "./subject-requests-registry.ts";

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export const SUBJECT_EXPORT_FORMAT = "district-platform/subject-export@1";

export interface SubjectExportDocument {
  format: typeof SUBJECT_EXPORT_FORMAT;
  requestId: string;
  subjectId: string;
  exportedAt: string;
  /** One entry per handler, keyed by handler id. */
  sections: Record<string, JsonValue>;
}

export interface SubjectExportResult {
  requestId: string;
  document: SubjectExportDocument;
}

/** Handlers return plain data; this makes it JSON for certain (Dates as ISO strings, bigints as strings). */
export function toJsonValue(value: unknown): JsonValue {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value, (_key, v) => typeof v === "bigint" ? v.toString() : v) ?? "null");
}

export async function exportSubject(
  tx: TenantTx,
  audit: AuditSink,
  input: SubjectRequestInput,
): Promise<SubjectExportResult> {
  checkSubjectRequestInput(input);
  const requestId = uuidv7();
  const requestedAt = new Date();
  const tools = toolsOf(input, tx);
  const sections: Record<string, JsonValue> = {};
  for (const handler of (input.registry ?? subjectRights).list()) {
    try {
      sections[handler.id] = toJsonValue(await handler.export(tx, input.subject, tools));
    } catch (error) {
      throw new SubjectRightsHandlerError(handler.id, "export", error);
    }
  }
  const document: SubjectExportDocument = {
    format: SUBJECT_EXPORT_FORMAT,
    requestId,
    subjectId: input.subject.id,
    exportedAt: new Date().toISOString(),
    sections,
  };
  const summary = {
    sections: Object.keys(sections),
    bytes: new TextEncoder().encode(JSON.stringify(document)).length,
    identifierKinds: identifierKinds(input.subject),
  };
  await recordCompletedRequest(tx, audit, {
    id: requestId,
    kind: "export",
    subjectId: input.subject.id,
    requestedBy: input.requestedBy,
    requestedAt,
    summary,
  });
  return { requestId, document };
}
