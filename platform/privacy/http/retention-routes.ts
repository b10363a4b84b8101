/**
 * Retention over HTTP: the period in force for each registered data class, and the district's own period for one
 * class (never below the class's minimum, which may be a legal one), or back to the default. Changes are audited
 * by retention-policies.ts.
 */
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { appendAudit } from "../../audit/audit-log.ts";
import { type TenantTx, withTenant } from "../../db/tenant.ts";
import { tenantPrincipalOf } from "../../http/auth.ts";
import { guardedRoute } from "../../http/guarded-route.ts";
import { problem } from "../../http/openapi-shared.ts";
import { ProblemError } from "../../http/problem.ts";
import type { AppEnv } from "../../http/request-context.ts";
import {
  RetentionBelowMinimumError,
  retentionClasses,
  type RetentionRegistry,
  UnknownDataClassError,
} from "../retention-classes.ts";
import { clearRetentionPolicy, effectiveRetention, setRetentionPolicy } from "../retention-policies.ts";
import type { PrivacyRouteDeps } from "./privacy-http.ts";

const PERMISSION = { permission: "privacy:retention" } as const;

const Retention = z.object({
  dataClass: z.string(),
  name: z.object({ zh: z.string(), en: z.string() }).nullable(),
  action: z.enum(["delete", "anonymise"]).openapi({ description: "What happens to rows past the period" }),
  days: z.number().int().openapi({ description: "The period in force" }),
  storedDays: z.number().int().nullable().openapi({ description: "The district's own period; null: the default" }),
  defaultDays: z.number().int(),
  minimumDays: z.number().int().openapi({ description: "The shortest period allowed (a legal minimum where any)" }),
}).openapi("Retention");

const DataClassParam = z.object({
  dataClass: z.string().min(1).max(63).openapi({ example: "raw_plate_events" }),
});

async function effective(tx: TenantTx, registry: RetentionRegistry) {
  return (await effectiveRetention(tx, { registry })).map((e) => {
    const dataClass = registry.get(e.dataClass);
    return { ...e, name: dataClass.name ?? null, action: dataClass.action };
  });
}

function toProblem(error: unknown): unknown {
  if (error instanceof UnknownDataClassError) {
    return new ProblemError(404, `No data class "${error.dataClass}" is registered for retention.`);
  }
  if (error instanceof RetentionBelowMinimumError) {
    return new ProblemError(422, error.message, [
      { field: "days", message: `must be at least ${error.minimumDays}` },
    ]);
  }
  return error;
}

export function registerRetentionRoutes(app: OpenAPIHono<AppEnv>, deps: PrivacyRouteDeps): void {
  const { db } = deps;
  const registry = deps.retention ?? retentionClasses;
  const one = (tx: TenantTx, dataClass: string) =>
    effective(tx, registry).then((all) => all.find((e) => e.dataClass === dataClass)!);

  app.openapi(
    guardedRoute(PERMISSION, {
      method: "get",
      path: "/api/v1/privacy/retention",
      tags: ["Privacy"],
      summary: "How long the district keeps each kind of data",
      responses: {
        200: {
          description: "Every registered data class",
          content: { "application/json": { schema: z.object({ items: z.array(Retention) }) } },
        },
      },
    }),
    async (c) =>
      c.json({ items: await withTenant(db, tenantPrincipalOf(c).tenantId, (tx) => effective(tx, registry)) }, 200),
  );

  app.openapi(
    guardedRoute(PERMISSION, {
      method: "put",
      path: "/api/v1/privacy/retention/{dataClass}",
      tags: ["Privacy"],
      summary: "Set the district's period for one data class",
      request: {
        params: DataClassParam,
        body: {
          required: true,
          content: {
            "application/json": {
              schema: z.object({
                days: z.number({ error: "must be a number" }).int("must be a whole number of days")
                  .min(1, "must be at least 1").max(36_500, "must be at most 36500"),
              }),
            },
          },
        },
      },
      responses: {
        200: { description: "The period now in force", content: { "application/json": { schema: Retention } } },
        404: { description: "Unknown data class", content: problem },
        422: { description: "Below the class's minimum, or not a whole number", content: problem },
      },
    }),
    async (c) => {
      const { dataClass } = c.req.valid("param");
      const principal = tenantPrincipalOf(c);
      try {
        const result = await withTenant(db, principal.tenantId, async (tx) => {
          await setRetentionPolicy(tx, appendAudit, {
            dataClass,
            days: c.req.valid("json").days,
            actor: principal.actor,
          }, { registry });
          return await one(tx, dataClass);
        });
        return c.json(result, 200);
      } catch (error) {
        throw toProblem(error);
      }
    },
  );

  app.openapi(
    guardedRoute(PERMISSION, {
      method: "delete",
      path: "/api/v1/privacy/retention/{dataClass}",
      tags: ["Privacy"],
      summary: "Back to the default period for one data class",
      request: { params: DataClassParam },
      responses: {
        200: { description: "The period now in force", content: { "application/json": { schema: Retention } } },
        404: { description: "Unknown data class", content: problem },
      },
    }),
    async (c) => {
      const { dataClass } = c.req.valid("param");
      const principal = tenantPrincipalOf(c);
      try {
        const result = await withTenant(db, principal.tenantId, async (tx) => {
          await clearRetentionPolicy(tx, appendAudit, { dataClass, actor: principal.actor }, { registry });
          return await one(tx, dataClass);
        });
        return c.json(result, 200);
      } catch (error) {
        throw toProblem(error);
      }
    },
  );
}
