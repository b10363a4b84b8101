/**
 * Data-subject requests over HTTP (PIPL art. 45 copy, art. 47 erasure), made by the operator once the person has
 * proved who they are. Both kinds run every registered handler in one transaction, are logged and audited; a
 * failed request is still logged as failed (subject-requests-handle.ts).
 */
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { appendAudit } from "../../audit/audit-log.ts";
import { withTenant } from "../../db/tenant.ts";
import { tenantPrincipalOf } from "../../http/auth.ts";
import { guardedRoute } from "../../http/guarded-route.ts";
import { problem } from "../../http/openapi-shared.ts";
import type { AppEnv } from "../../http/request-context.ts";
import { handleSubjectRequest } from "../subject-requests-handle.ts";
import { subjectRequestsOf } from "../subject-requests-log.ts";
import { type PrivacyRouteDeps, SubjectId } from "./privacy-http.ts";

const PERMISSION = { permission: "privacy:requests" } as const;

const ExportDocument = z.object({
  format: z.literal("district-platform/subject-export@1"),
  requestId: z.string(),
  subjectId: z.string(),
  exportedAt: z.string(),
  sections: z.record(z.string(), z.unknown()).openapi({ description: "One section per module holding data" }),
}).openapi("SubjectExport");

const ErasureSummary = z.object({
  requestId: z.string(),
  subjectRef: z.string().openapi({ description: "What the subject id became in the records kept by law" }),
  handlers: z.record(z.string(), z.object({ affected: z.number().int() })),
  affected: z.number().int(),
}).openapi("SubjectErasure");

const SubjectRequest = z.object({
  id: z.string(),
  kind: z.enum(["export", "erase"]),
  subjectId: z.string(),
  status: z.enum(["completed", "failed"]),
  requestedBy: z.string(),
  requestedAt: z.string(),
  completedAt: z.string().nullable(),
  result: z.record(z.string(), z.unknown()),
  error: z.string().nullable(),
}).openapi("SubjectRequest");

export function registerSubjectRequestRoutes(app: OpenAPIHono<AppEnv>, deps: PrivacyRouteDeps): void {
  const { db, subjectRights } = deps;

  app.openapi(
    guardedRoute(PERMISSION, {
      method: "post",
      path: "/api/v1/privacy/subject-requests",
      tags: ["Privacy"],
      summary: "Export (a copy of everything held) or erase one subject's personal information",
      request: {
        query: z.object({
          download: z.enum(["0", "1"], { error: 'must be "0" or "1"' }).optional()
            .openapi({ description: "1: answer the export as a file to save (Content-Disposition: attachment)" }),
        }),
        body: {
          required: true,
          content: {
            "application/json": {
              schema: z.object({
                kind: z.enum(["export", "erase"], { error: 'must be "export" or "erase"' }),
                subjectId: SubjectId,
                identifiers: z.record(z.string(), z.string().max(200)).optional().openapi({
                  description: "Other identifiers the person proved (phone …), for modules that find data by them; " +
                    "passed to the handlers only, never stored",
                }),
              }),
            },
          },
        },
      },
      responses: {
        200: {
          description: "export: the document; erase: what was changed",
          content: { "application/json": { schema: z.union([ExportDocument, ErasureSummary]) } },
        },
        422: { description: "Invalid fields", content: problem },
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const principal = tenantPrincipalOf(c);
      const request = {
        subject: { id: body.subjectId, identifiers: body.identifiers },
        requestedBy: principal.actor,
        registry: subjectRights,
        keys: deps.keys,
      };
      if (body.kind === "erase") {
        const erased = await handleSubjectRequest(db, principal.tenantId, appendAudit, { ...request, kind: "erase" });
        return c.json(erased, 200);
      }
      const { document } = await handleSubjectRequest(db, principal.tenantId, appendAudit, {
        ...request,
        kind: "export",
      });
      if (c.req.valid("query").download === "1") {
        c.header("content-disposition", `attachment; filename="subject-export-${document.requestId}.json"`);
      }
      return c.json(document, 200);
    },
  );

  app.openapi(
    guardedRoute(PERMISSION, {
      method: "get",
      path: "/api/v1/privacy/subject-requests",
      tags: ["Privacy"],
      summary: "A subject's requests, oldest first, including those made before the subject was erased",
      request: { query: z.object({ subjectId: SubjectId }) },
      responses: {
        200: {
          description: "Requests",
          content: { "application/json": { schema: z.object({ items: z.array(SubjectRequest) }) } },
        },
        422: { description: "No subject named", content: problem },
      },
    }),
    async (c) => {
      const { subjectId } = c.req.valid("query");
      const records = await withTenant(db, tenantPrincipalOf(c).tenantId, (tx) => subjectRequestsOf(tx, subjectId));
      return c.json({
        items: records.map((r) => ({
          ...r,
          requestedAt: r.requestedAt.toISOString(),
          completedAt: r.completedAt?.toISOString() ?? null,
        })),
      }, 200);
    },
  );
}
