/** GET /api/v1/bureau/metrics: the commerce bureau's district aggregates, small sales cells suppressed. */
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Database } from "../../db/database.ts";
import { principalOf } from "../../http/auth.ts";
import { guardedRoute } from "../../http/guarded-route.ts";
import { problem } from "../../http/openapi-shared.ts";
import type { AppEnv } from "../../http/request-context.ts";
import { BUREAU_K, bureauMetrics } from "../bureau-metrics.ts";
import { periodOf, PeriodQuery } from "./metrics-query.ts";

const n = z.number().nullable();

const Figures = {
  footfallIn: z.number(),
  dwellMinutes: n,
  reportingStores: n.describe("stores with sales or refunds in the period; null when suppressed"),
  transactions: n,
  netSalesFen: n,
  avgTicketFen: n,
  conversion: n,
  salesPerM2Fen: n,
  salesPerStaffFen: n,
  suppressed: z.boolean().describe("the sales cells are blanked"),
};
const Vacancy = z.object({ units: z.number().int(), vacant: z.number().int(), rate: n });

export function registerBureauMetricsRoutes(app: OpenAPIHono<AppEnv>, deps: { database: Database }): void {
  app.openapi(
    guardedRoute({ permission: "bureau:districts", tenant: false }, {
      method: "get",
      path: "/api/v1/bureau/metrics",
      tags: ["Bureau"],
      summary: "Aggregates of the districts in the bureau's jurisdiction (every district for platform admins)",
      description: [
        "District-level figures only, never a store: footfall at the district's entrances, sales, vacancy on the " +
        "period's last day, and the same figures for the same dates a year earlier with the change. Formulas as " +
        "in GET /api/v1/metrics/summary.",
        `Small cells: a district's sales cells (transactions, netSalesFen, avgTicketFen, conversion, salesPerM2Fen, ` +
        `salesPerStaffFen, reportingStores) are published only when at least k = ${BUREAU_K} stores reported ` +
        "sales in the period — the threshold rule of business statistics: with fewer, one store could subtract " +
        "its own turnover from the district's and read a competitor's. A lone blank among published districts gets " +
        "a second (the smallest) so the total cannot give it back; the total's sales cells are blanked below k " +
        "stores too. Footfall and vacancy are not suppressed: they count the district's doors and units.",
      ].join("\n\n"),
      request: { query: PeriodQuery },
      responses: {
        200: {
          description: "The figures",
          content: {
            "application/json": {
              schema: z.object({
                from: z.string(),
                to: z.string(),
                k: z.number().int(),
                districts: z.array(z.object({
                  id: z.string(),
                  slug: z.string(),
                  nameZh: z.string(),
                  nameEn: z.string(),
                  city: z.string(),
                  activeStores: z.number().int(),
                  ...Figures,
                  vacancy: Vacancy,
                  yearAgo: z.object(Figures),
                  change: z.object({ yoy: z.object({ footfallIn: n, netSalesFen: n }) }),
                })),
                totals: z.object({ ...Figures, vacancy: Vacancy }),
              }).openapi("BureauMetrics"),
            },
          },
        },
        422: { description: "Invalid range, named by field", content: problem },
      },
    }),
    async (c) => c.json(await bureauMetrics(deps.database.db, principalOf(c), periodOf(c.req.valid("query"))), 200),
  );
}
