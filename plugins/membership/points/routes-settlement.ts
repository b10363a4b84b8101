/** Settlement between stores for a period: operators see every party, a store owner its own line; and as CSV. */
import { z } from "@hono/zod-openapi";
import { guardedRoute, type PluginRouter, problem, ProblemError } from "../../../platform/sdk.ts";
import { type MembershipCtx, membershipOf, type MembershipTx } from "../context.ts";
import { TAG } from "./api-schemas.ts";
import { addDaysToDay, isDay, startOfDay } from "./days.ts";
import { districtPoints } from "./district.ts";
import { type Settlement, settlement, settlementCsv, storeView } from "./settlement.ts";

const MAX_DAYS = 366;

const Period = z.object({
  from: z.string().refine(isDay, "a day, YYYY-MM-DD").describe("first day (district-local), YYYY-MM-DD"),
  to: z.string().refine(isDay, "a day, YYYY-MM-DD").describe("last day, included"),
});

const Party = z.object({
  storeId: z.string().uuid().nullable().describe("null: the district"),
  name: z.string().nullable(),
  pointsIssued: z.number().int(),
  pointsRedeemed: z.number().int(),
  owesFen: z.number().int(),
  owedFen: z.number().int(),
  netFen: z.number().int().describe("owed − owes; over all parties the nets sum to 0"),
}).openapi("PointsSettlementParty");

const Report = z.object({
  from: z.string(),
  to: z.string(),
  timeZone: z.string(),
  fenPerPoint: z.number().describe("today's rate; each redemption is settled at the rate of its day"),
  parties: z.array(Party),
  flows: z.array(z.object({
    fromStoreId: z.string().uuid().nullable().describe("the store that issued the points; null: the district"),
    fromName: z.string().nullable(),
    toStoreId: z.string().uuid().nullable().describe("the store that took them; null: the district"),
    toName: z.string().nullable(),
    points: z.number().int(),
    amountFen: z.number().int(),
  })),
  totals: Party.omit({ storeId: true, name: true }),
}).openapi("PointsSettlement");

async function report(
  tx: MembershipTx,
  plugin: MembershipCtx & { principal?: { organisationId?: string } },
  query: z.infer<typeof Period>,
): Promise<Settlement & { timeZone: string }> {
  if (query.to < query.from) {
    throw new ProblemError(422, "The period ends before it starts.", [{
      field: "query.to",
      message: "not before from",
    }]);
  }
  if (addDaysToDay(query.from, MAX_DAYS) <= query.to) {
    throw new ProblemError(422, "The period is too long.", [{
      field: "query.to",
      message: `at most ${MAX_DAYS} days`,
    }]);
  }
  const { timeZone } = await districtPoints(tx);
  const whole = await settlement(tx, {
    from: startOfDay(query.from, timeZone),
    to: startOfDay(query.to, timeZone, 1),
  });
  const storeId = plugin.principal?.organisationId;
  if (!storeId) return { ...whole, timeZone };
  const store = await tx.selectFrom("core.organisations").select("name").where("id", "=", storeId)
    .executeTakeFirst();
  return { ...storeView(whole, storeId, store?.name ?? null), timeZone };
}

export function settlementRoutes(router: PluginRouter): void {
  router.openapi(
    guardedRoute({ permission: "membership:points-settlement" }, {
      method: "get",
      path: "/points/settlements",
      tags: [TAG],
      summary: "Settlement between stores for a period (operators: every party; a store: its own line)",
      request: { query: Period },
      responses: {
        200: { description: "The settlement", content: { "application/json": { schema: Report } } },
        422: { description: "Invalid period", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const query = c.req.valid("query");
      const result = await plugin.withTenant((tx) => report(tx, plugin, query));
      return c.json({ ...query, fenPerPoint: plugin.config.pointsSettlementFenPerPoint, ...result }, 200);
    },
  );

  router.openapi(
    guardedRoute({ permission: "membership:points-settlement" }, {
      method: "get",
      path: "/points/settlements.csv",
      tags: [TAG],
      summary: "The settlement as CSV (UTF-8 with BOM, amounts in yuan with 2 decimals)",
      request: { query: Period },
      responses: {
        200: { description: "CSV", content: { "text/csv": { schema: z.string() } } },
        422: { description: "Invalid period", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const query = c.req.valid("query");
      const result = await plugin.withTenant((tx) => report(tx, plugin, query));
      const csv = settlementCsv(result, { district: "商圈 District", total: "合计 Total" });
      return c.body(csv, 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="points-settlement-${query.from}-${query.to}.csv"`,
      });
    },
  );
}
