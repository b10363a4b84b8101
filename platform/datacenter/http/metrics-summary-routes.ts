/**
 * GET /api/v1/metrics/summary, /forecast and /stores: the key figures of a period with their comparisons, a 7-day
 * forecast, and the per-store table. Scoped like the series: operators see the district (or name a store), store
 * users and store-scoped keys their own store; the per-store table is the operator's alone.
 */
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Database } from "../../db/database.ts";
import { withTenant } from "../../db/tenant.ts";
import { tenantPrincipalOf } from "../../http/auth.ts";
import { guardedRoute } from "../../http/guarded-route.ts";
import type { AppEnv } from "../../http/request-context.ts";
import { forecast, FORECAST_METHOD } from "../metrics-forecast.ts";
import { storeTable } from "../metrics-stores.ts";
import { summarise } from "../metrics-summary.ts";
import { PAYMENT_METHODS } from "../types/sale.ts";
import {
  periodOf,
  PeriodQuery,
  requireDistrictCaller,
  scopedStore,
  StoreParam,
  storeProblems,
} from "./metrics-query.ts";

const nullableNumber = z.number().nullable();

const FORMULAS = [
  "footfallIn: people counted in — for the district by the counters not at a store's door (its entrances), for a " +
  "store by the counters at its door.",
  "transactions: sale receipts (refunds are not transactions). netSalesFen: sales minus refunds, in fen.",
  "conversion (转化率) = transactions ÷ footfallIn. avgTicketFen (客单价) = netSalesFen ÷ transactions.",
  "salesPerM2Fen (坪效) = netSalesFen ÷ floor area in m², and salesPerStaffFen (人效) = netSalesFen ÷ staff, both " +
  "over the stores with sales or refunds in the period whose area (staff count) is on record; for the period, " +
  "not annualised.",
  "dwellMinutes: Σ(dwellSeconds × out) ÷ Σ out over footfall events that carry dwellSeconds, ÷ 60.",
  "vacancy (空置率) on the period's last local day: rate = vacant ÷ units, a unit being vacant when no occupancy " +
  "by an active store covers that day; always the district's figure.",
  "paymentMix: per payment method, receipts, net sales and share of net sales.",
  "A ratio is null when its divisor is 0. Money is rounded to whole fen, ratios to 4 decimals, minutes to 0.1.",
].map((line) => `- ${line}`).join("\n");

const Vacancy = z.object({ units: z.number().int(), vacant: z.number().int(), rate: nullableNumber });

const PeriodFigures = z.object({
  from: z.string(),
  to: z.string(),
  footfallIn: z.number(),
  transactions: z.number(),
  salesFen: z.number(),
  refunds: z.number(),
  refundFen: z.number(),
  netSalesFen: z.number(),
  conversion: nullableNumber,
  avgTicketFen: nullableNumber,
  salesPerM2Fen: nullableNumber,
  salesPerStaffFen: nullableNumber,
  dwellMinutes: nullableNumber,
  reportingStores: z.number().int().describe("stores with sales or refunds in the period"),
  paymentMix: z.object(Object.fromEntries(
    PAYMENT_METHODS.map((
      m,
    ) => [m, z.object({ transactions: z.number(), netSalesFen: z.number(), share: nullableNumber })]),
  )),
  vacancy: Vacancy,
}).openapi("MetricsPeriodFigures");

const Change = z.object({
  footfallIn: nullableNumber,
  transactions: nullableNumber,
  netSalesFen: nullableNumber,
  avgTicketFen: nullableNumber,
}).describe("(current − base) ÷ base, e.g. 0.12 for +12 %; null when the base is 0 or negative");

const Summary = PeriodFigures.extend({
  storeId: z.string().nullable(),
  previous: PeriodFigures.describe("the preceding period of the same length (环比)"),
  yearAgo: PeriodFigures.describe("the same local dates one year earlier (同比); 29 February maps to 28 February"),
  change: z.object({ pop: Change, yoy: Change }),
}).openapi("MetricsSummary");

const StoreRow = z.object({
  storeId: z.string(),
  name: z.string(),
  status: z.enum(["active", "closed"]),
  areaM2: nullableNumber,
  staffCount: nullableNumber,
  footfallIn: z.number(),
  transactions: z.number(),
  netSalesFen: z.number(),
  conversion: nullableNumber,
  avgTicketFen: nullableNumber,
  salesPerM2Fen: nullableNumber,
  salesPerStaffFen: nullableNumber,
  dwellMinutes: nullableNumber,
}).openapi("MetricsStoreRow");

export function registerSummaryRoutes(app: OpenAPIHono<AppEnv>, deps: { database: Database }): void {
  const db = deps.database.db;

  app.openapi(
    guardedRoute({ permission: "metrics:read" }, {
      method: "get",
      path: "/api/v1/metrics/summary",
      tags: ["Data center"],
      summary: "Key figures of a period with the preceding period and the year before, and their changes",
      description: "A period from local midnight to local midnight is read from the daily rollups (up to 732 days); " +
        "any other from the hourly ones (buckets starting within it, up to 31 days).\n\n" + FORMULAS,
      request: { query: PeriodQuery.extend({ storeId: StoreParam }) },
      responses: {
        200: { description: "The summary", content: { "application/json": { schema: Summary } } },
        ...storeProblems,
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const range = { ...periodOf(query), storeId: scopedStore(c, query.storeId) };
      const tenantId = tenantPrincipalOf(c).tenantId;
      return c.json(await withTenant(db, tenantId, (tx) => summarise(tx, tenantId, range)), 200);
    },
  );

  app.openapi(
    guardedRoute({ permission: "metrics:read" }, {
      method: "get",
      path: "/api/v1/metrics/forecast",
      tags: ["Data center"],
      summary: "Daily footfall or net sales for the next 7 days, from tomorrow in the district's time zone",
      description: `Method \`${FORECAST_METHOD.id}\`: ${FORECAST_METHOD.description.en} Footfall is counted as in ` +
        "the summary (district entrances, or the store's door); sales are net of refunds, in fen. `value`, `low` and " +
        "`high` are null for a day without usable history.",
      request: {
        query: z.object({ metric: z.enum(["footfall", "sales"]), storeId: StoreParam }),
      },
      responses: {
        200: {
          description: "The forecast",
          content: {
            "application/json": {
              schema: z.object({
                metric: z.enum(["footfall", "sales"]),
                storeId: z.string().nullable(),
                method: z.object({ id: z.string(), description: z.object({ zh: z.string(), en: z.string() }) }),
                history: z.object({ from: z.string(), to: z.string() }).describe("local days learned from, [from, to)"),
                days: z.array(z.object({
                  date: z.string().describe("YYYY-MM-DD, district-local"),
                  value: nullableNumber,
                  low: nullableNumber,
                  high: nullableNumber,
                  samples: z.number().int().describe("past days the value rests on"),
                })),
              }).openapi("MetricsForecast"),
            },
          },
        },
        ...storeProblems,
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const storeId = scopedStore(c, query.storeId);
      const tenantId = tenantPrincipalOf(c).tenantId;
      return c.json(await withTenant(db, tenantId, (tx) => forecast(tx, tenantId, query.metric, storeId)), 200);
    },
  );

  app.openapi(
    guardedRoute({ permission: "metrics:read" }, {
      method: "get",
      path: "/api/v1/metrics/stores",
      tags: ["Data center"],
      summary: "Every store's figures for a period (operators only)",
      description: "Each store by the summary's formulas, with footfall from the counters at its door and 坪效/人效 " +
        "from its own area and staff count. Stores without data are listed with zeros.\n\n" + FORMULAS,
      request: { query: PeriodQuery },
      responses: {
        200: {
          description: "The stores",
          content: {
            "application/json": {
              schema: z.object({ from: z.string(), to: z.string(), stores: z.array(StoreRow) }),
            },
          },
        },
        ...storeProblems,
      },
    }),
    async (c) => {
      requireDistrictCaller(c);
      const range = periodOf(c.req.valid("query"));
      const tenantId = tenantPrincipalOf(c).tenantId;
      return c.json(await withTenant(db, tenantId, (tx) => storeTable(tx, tenantId, range)), 200);
    },
  );
}
