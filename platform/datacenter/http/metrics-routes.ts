/**
 * GET /api/v1/metrics/footfall and /api/v1/metrics/sales, answered from the rollups. Operators see the whole
 * district (optionally one store or zone); store users and store-scoped keys see their own store only. The
 * summary, forecast, per-store, parking, sensor and bureau figures are registered from here too.
 */
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { Database } from "../../db/database.ts";
import { withTenant } from "../../db/tenant.ts";
import { tenantPrincipalOf } from "../../http/auth.ts";
import { guardedRoute } from "../../http/guarded-route.ts";
import type { AppEnv } from "../../http/request-context.ts";
import { footfallSeries, type MetricRange, salesSeries } from "../metrics.ts";
import { PAYMENT_METHODS } from "../types/sale.ts";
import { registerBureauMetricsRoutes } from "./bureau-metrics-routes.ts";
import { registerFacilitiesRoutes } from "./metrics-facilities-routes.ts";
import { Granularity, PeriodQuery, scopedStore, seriesRangeOf, StoreParam, storeProblems } from "./metrics-query.ts";
import { registerSummaryRoutes } from "./metrics-summary-routes.ts";

const RangeQuery = PeriodQuery.extend({
  granularity: Granularity,
  storeId: StoreParam,
});

const FootfallQuery = RangeQuery.extend({
  zone: z.string().min(1).max(64).optional(),
  counters: z.enum(["all", "district", "stores"]).default("all").describe(
    "all: every counter; district: the counters not at a store's door (the entrances, as the summary counts); " +
      "stores: the counters at stores' doors",
  ),
});

function rangeOf(c: Context<AppEnv>, query: z.infer<typeof FootfallQuery>): MetricRange {
  const { from, to } = seriesRangeOf(query);
  return {
    from,
    to,
    granularity: query.granularity,
    storeId: scopedStore(c, query.storeId),
    zone: query.zone,
    counters: query.counters,
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
                counters: z.enum(["all", "district", "stores"]),
                buckets: z.array(z.object({ start: z.string(), in: z.number(), out: z.number() })),
              }),
            },
          },
        },
        ...storeProblems,
      },
    }),
    async (c) => {
      const range = rangeOf(c, c.req.valid("query"));
      const buckets = await withTenant(db, tenantPrincipalOf(c).tenantId, (tx) => footfallSeries(tx, range));
      return c.json({ ...metaJson(range), zone: range.zone ?? null, counters: range.counters ?? "all", buckets }, 200);
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
        ...storeProblems,
      },
    }),
    async (c) => {
      const range = rangeOf(c, { ...c.req.valid("query"), counters: "all" });
      const buckets = await withTenant(db, tenantPrincipalOf(c).tenantId, (tx) => salesSeries(tx, range));
      return c.json({ ...metaJson(range), buckets }, 200);
    },
  );

  registerSummaryRoutes(app, deps);
  registerFacilitiesRoutes(app, deps);
  registerBureauMetricsRoutes(app, deps);
}
