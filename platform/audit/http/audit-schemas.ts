/** What the audit routes take and answer, shared by the district's and the platform's views. */
import { z } from "@hono/zod-openapi";
import { problem } from "../../http/openapi-shared.ts";
import { ProblemError } from "../../http/problem.ts";
import type { AuditPage, ListAuditOptions } from "../list.ts";
import { MAX_AUDIT_PAGE } from "../list.ts";
import type { AuditEntry } from "../types.ts";
import type { VerifyChainResult } from "../verify.ts";

const isoTime = z.iso.datetime({ offset: true, error: "must be an ISO 8601 time, e.g. 2026-03-01T00:00:00+08:00" });

export const AuditFilters = z.object({
  actor: z.string().min(1).max(200).optional().openapi({ description: 'e.g. "user:<id>", "job:core.retention"' }),
  action: z.string().min(1).max(100).regex(/^\S+$/, "must not contain spaces").optional().openapi({
    description: 'Exact ("pii.reveal"), or a prefix ending in "." ("dsr.")',
  }),
  from: isoTime.optional().openapi({ description: "Entries at or after this time" }),
  to: isoTime.optional().openapi({ description: "Entries before this time" }),
  limit: z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(1, "must be at least 1")
    .max(MAX_AUDIT_PAGE, `must be at most ${MAX_AUDIT_PAGE}`).optional().openapi({ description: "Default 50" }),
  cursor: z.string().regex(/^[1-9][0-9]{0,15}$/, "must be a nextCursor this API returned").optional(),
});

export const AuditEntrySchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
}).openapi("AuditEntry");

export const AuditPageSchema = z.object({
  items: z.array(AuditEntrySchema),
  nextCursor: z.string().nullable().openapi({ description: "Pass as cursor for the next (older) page" }),
}).openapi("AuditPage");

export const VerifyResultSchema = z.object({
  ok: z.boolean(),
  checked: z.number().int().openapi({ description: "Entries that passed before the first broken link" }),
  checkpoints: z.number().int().openapi({ description: "Signed checkpoints that matched the chain" }),
  signaturesChecked: z.boolean(),
  head: z.object({ seq: z.number().int(), hash: z.string() }),
  firstBroken: z.object({
    seq: z.number().int(),
    reason: z.enum(["hash mismatch", "prev mismatch", "gap", "checkpoint mismatch"]),
    detail: z.string(),
  }).optional(),
}).openapi("AuditVerification");

/** The responses of a list route, the district's or the platform's. */
export const auditPageResponses = {
  200: { description: "A page of entries", content: { "application/json": { schema: AuditPageSchema } } },
  422: { description: "Invalid filters", content: problem },
};

/** The responses of a verify route, the district's or the platform's. */
export const verifyResponses = {
  200: {
    description: "The result; ok is false with firstBroken naming the first broken seq",
    content: { "application/json": { schema: VerifyResultSchema } },
  },
};

/** The filters as listAudit takes them; a range that ends before it starts is a 422 on `to`. */
export function listOptions(query: z.infer<typeof AuditFilters>): ListAuditOptions {
  if (query.from && query.to && Date.parse(query.to) <= Date.parse(query.from)) {
    throw new ProblemError(422, "The time range ends before it starts.", [
      { field: "query.to", message: "must be later than from" },
    ]);
  }
  return query;
}

export function pageJson(page: AuditPage): z.infer<typeof AuditPageSchema> {
  return { items: page.entries.map(entryJson), nextCursor: page.nextCursor };
}

function entryJson(entry: AuditEntry): z.infer<typeof AuditEntrySchema> {
  return {
    seq: entry.seq,
    at: entry.at.toISOString(),
    actor: entry.actor,
    action: entry.action,
    target: entry.target,
    details: entry.details,
    prevHash: entry.prevHash,
    hash: entry.hash,
  };
}

export function verifyJson(result: VerifyChainResult): z.infer<typeof VerifyResultSchema> {
  return {
    ok: result.ok,
    checked: result.checked,
    checkpoints: result.checkpoints,
    signaturesChecked: result.signaturesChecked,
    head: result.head,
    ...(result.firstBroken ? { firstBroken: result.firstBroken } : {}),
  };
}
