/**
 * GET /api/v1/metrics/footfall and /api/v1/metrics/sales, answered from the rollups. Operators see the whole
 * district (optionally one store or zone); store users and store-scoped keys see their own store only.
 */
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { Database } from "../../db/database.ts";
import { withTenant } from "../../db/tenant.ts";
import { tenantPrincipalOf } from "../../http/auth.ts";
import { guardedRoute } from "../../http/guarded-route.ts";
import { problem } from "../../http/openapi-shared.ts";
import { ProblemError } from "../../http/problem.ts";
import type { AppEnv } from "../../http/request-context.ts";
import { footfallSeries, type MetricRange, salesSeries } from "../metrics.ts";
import { PAYMENT_METHODS } from "../types/sale.ts";

const HOUR_MS = 3_600_000;
/** The longest range per granularity: 31 days of hours, about two years of days. */
const MAX_SPAN = { hour: 31 * 24 * HOUR_MS, day: 732 * 24 * HOUR_MS } as const;

const RangeQuery = z.object({
  from: z.iso.datetime({ offset: true }).describe("first bucket start, inclusive (ISO 8601 with offset)"),
  to: z.iso.datetime({ offset: true }).describe("end, exclusive"),
  granularity: z.enum(["hour", "day"]).default("hour").describe("day buckets start at local midnight"),
  storeId: z.uuid().optional().describe("one store; store users always get their own"),
});

const FootfallQuery = RangeQuery.extend({ zone: z.string().min(1).max(64).optional() });

function rangeOf(c: Context<AppEnv>, query: z.infer<typeof FootfallQuery>): MetricRange {
  const principal = tenantPrincipalOf(c);
  const from = new Date(query.from);
  const to = new Date(query.to);
  if (to <= from) {
    throw new ProblemError(422, "to must be after from.", [{ field: "to", message: "must be after from" }]);
  }
  if (to.getTime() - from.getTime() > MAX_SPAN[query.granularity]) {
    throw new ProblemError(422, "The range is too long for this granularity.", [
      { field: "to", message: query.granularity === "hour" ? "at most 31 days of hours" : "at most 732 days" },
    ]);
  }
  if (principal.organisationId && query.storeId && query.storeId !== principal.organisationId) {
    throw new ProblemError(403, "A store's account sees only its own store.");
  }
  return {
    from,
    to,
    granularity: query.granularity,
    storeId: principal.organisationId ?? query.storeId,
    zone: query.zone,
  };
}

const Meta = {
  granularity: z.enum(["hour", "day"]),
  from: z.string(),
  to: z.string(),
  storeId: z.string().nullable(),
};

function metaJson(range: MetricRange) {
  return {
    granularity: range.granularity,
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    storeId: range.storeId ?? null,
  };
}

/** What rangeOf refuses. */
const rangeProblems = {
  403: { description: "Another store's numbers", content: problem },
  422: { description: "Invalid range", content: problem },
};

export function registerMetricsRoutes(app: OpenAPIHono<AppEnv>, deps: { database: Database }): void {
  const db = deps.database.db;

  app.openapi(
    guardedRoute({ permission: "metrics:read" }, {
      method: "get",
      path: "/api/v1/metrics/footfall",
      tags: ["Data center"],
      summary: "Footfall in and out per hour or day, from the rollups (buckets without data are left out)",
      request: { query: FootfallQuery },
      responses: {
        200: {
          description: "The series",
          content: {
            "application/json": {
              schema: z.object({
                ...Meta,
                zone: z.string().nullable(),
                buckets: z.array(z.object({ start: z.string(), in: z.number(), out: z.number() })),
              }),
            },
          },
        },
        ...rangeProblems,
      },
    }),
    async (c) => {
      const range = rangeOf(c, c.req.valid("query"));
      const buckets = await withTenant(db, tenantPrincipalOf(c).tenantId, (tx) => footfallSeries(tx, range));
      return c.json({ ...metaJson(range), zone: range.zone ?? null, buckets }, 200);
    },
  );

  const Method = z.object({ count: z.number(), netFen: z.number() });
  app.openapi(
    guardedRoute({ permission: "metrics:read" }, {
      method: "get",
      path: "/api/v1/metrics/sales",
      tags: ["Data center"],
      summary: "Sales, refunds and payment mix per hour or day, in fen, from the rollups",
      request: { query: RangeQuery },
      responses: {
        200: {
          description: "The series",
          content: {
            "application/json": {
              schema: z.object({
                ...Meta,
                buckets: z.array(z.object({
                  start: z.string(),
                  salesCount: z.number(),
                  salesFen: z.number(),
                  refundCount: z.number(),
                  refundFen: z.number(),
                  netFen: z.number(),
                  paymentMethods: z.object(Object.fromEntries(PAYMENT_METHODS.map((m) => [m, Method]))),
                })),
              }),
            },
          },
        },
        ...rangeProblems,
      },
    }),
    async (c) => {
      const range = rangeOf(c, c.req.valid("query"));
      const buckets = await withTenant(db, tenantPrincipalOf(c).tenantId, (tx) => salesSeries(tx, range));
      return c.json({ ...metaJson(range), buckets }, 200);
    },
  );
}
