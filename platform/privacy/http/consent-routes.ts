/**
 * Consent over HTTP, for the operator acting on a subject's behalf (a signed paper form at the service desk, a
 * phone call): read a subject's current consents and history, record a grant or a withdrawal.
 *
 * The audit entry names the consent event, never the subject: the hash chain cannot be edited when the subject is
 * erased later, while the event's subject id can (consent-rights-handler.ts).
 */
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { appendAudit } from "../../audit/audit-log.ts";
import { withTenant } from "../../db/tenant.ts";
import { tenantPrincipalOf } from "../../http/auth.ts";
import { guardedRoute } from "../../http/guarded-route.ts";
import { problem } from "../../http/openapi-shared.ts";
import { ProblemError } from "../../http/problem.ts";
import type { AppEnv } from "../../http/request-context.ts";
import { UnknownConsentPurposeError } from "../consent-purposes.ts";
import { type ConsentEvent, grantConsent, withdrawConsent } from "../consent-record.ts";
import { consentHistory, type ConsentStatus, currentConsents } from "../consent-state.ts";
import { type PrivacyRouteDeps, SubjectId } from "./privacy-http.ts";

const PERMISSION = { permission: "privacy:requests" } as const;

const ConsentState = z.object({
  purpose: z.string(),
  granted: z.boolean(),
  since: z.string(),
  policyVersion: z.string(),
  channel: z.string(),
}).openapi("ConsentState");

const ConsentEventSchema = z.object({
  id: z.string(),
  purpose: z.string(),
  decision: z.enum(["granted", "withdrawn"]),
  decidedAt: z.string(),
  channel: z.string(),
  source: z.string().nullable(),
  policyVersion: z.string(),
  recordedBy: z.string(),
  recordedAt: z.string(),
}).openapi("ConsentEvent");

const stateJson = (s: ConsentStatus) => ({ ...s, since: s.since.toISOString() });
const eventJson = ({ subjectId: _subjectId, ...e }: ConsentEvent) => ({
  ...e,
  decidedAt: e.decidedAt.toISOString(),
  recordedAt: e.recordedAt.toISOString(),
});

export function registerConsentRoutes(app: OpenAPIHono<AppEnv>, deps: PrivacyRouteDeps): void {
  const { db, purposes } = deps;
  const params = z.object({ subjectId: SubjectId });

  app.openapi(
    guardedRoute(PERMISSION, {
      method: "get",
      path: "/api/v1/privacy/subjects/{subjectId}/consents",
      tags: ["Privacy"],
      summary: "A subject's consent per purpose and every decision they made, oldest first",
      request: { params },
      responses: {
        200: {
          description: "Current state (purposes never asked are absent) and history",
          content: {
            "application/json": {
              schema: z.object({
                subjectId: z.string(),
                current: z.array(ConsentState),
                history: z.array(ConsentEventSchema),
              }),
            },
          },
        },
      },
    }),
    async (c) => {
      const { subjectId } = c.req.valid("param");
      const { current, history } = await withTenant(db, tenantPrincipalOf(c).tenantId, async (tx) => ({
        current: await currentConsents(tx, subjectId),
        history: await consentHistory(tx, subjectId),
      }));
      return c.json({ subjectId, current: current.map(stateJson), history: history.map(eventJson) }, 200);
    },
  );

  app.openapi(
    guardedRoute(PERMISSION, {
      method: "post",
      path: "/api/v1/privacy/subjects/{subjectId}/consents",
      tags: ["Privacy"],
      summary: "Record a grant or a withdrawal the subject gave (e.g. on a signed form)",
      request: {
        params,
        body: {
          required: true,
          content: {
            "application/json": {
              schema: z.object({
                purpose: z.string().min(1, "choose a purpose").openapi({ example: "marketing" }),
                granted: z.boolean({ error: "must be true (grant) or false (withdraw)" }),
                channel: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, "a lower-case word, at most 32 characters")
                  .openapi({ example: "counter" }),
                policyVersion: z.string().min(1, "name the policy version the subject was shown").max(64)
                  .openapi({ example: "2026-01" }),
                decidedAt: z.iso.datetime({ offset: true, error: "must be an ISO 8601 time" }).optional()
                  .openapi({ description: "When the subject decided (the form's date); default now" }),
              }),
            },
          },
        },
      },
      responses: {
        201: {
          description: "Recorded",
          content: {
            "application/json": {
              schema: z.object({ event: ConsentEventSchema, current: z.array(ConsentState) }),
            },
          },
        },
        422: { description: "Unknown purpose or invalid fields", content: problem },
      },
    }),
    async (c) => {
      const { subjectId } = c.req.valid("param");
      const body = c.req.valid("json");
      const principal = tenantPrincipalOf(c);
      const decidedAt = body.decidedAt ? new Date(body.decidedAt) : undefined;
      if (decidedAt && decidedAt.getTime() > Date.now() + 60_000) {
        throw new ProblemError(422, "The decision cannot be in the future.", [
          { field: "decidedAt", message: "must not be in the future" },
        ]);
      }
      try {
        const result = await withTenant(db, principal.tenantId, async (tx) => {
          const record = body.granted ? grantConsent : withdrawConsent;
          const event = await record(tx, {
            subjectId,
            purpose: body.purpose,
            channel: body.channel,
            policyVersion: body.policyVersion,
            recordedBy: principal.actor,
            source: "core",
            decidedAt,
          }, { purposes });
          await appendAudit(tx, {
            actor: principal.actor,
            action: body.granted ? "consent.grant" : "consent.withdraw",
            target: `consent-event:${event.id}`,
            details: { purpose: event.purpose, channel: event.channel, policyVersion: event.policyVersion },
          });
          return { event, current: await currentConsents(tx, subjectId) };
        });
        return c.json({ event: eventJson(result.event), current: result.current.map(stateJson) }, 201);
      } catch (error) {
        if (error instanceof UnknownConsentPurposeError) {
          throw new ProblemError(422, `There is no consent purpose "${body.purpose}".`, [
            { field: "purpose", message: "is not a registered consent purpose" },
          ]);
        }
        throw error;
      }
    },
  );
}
