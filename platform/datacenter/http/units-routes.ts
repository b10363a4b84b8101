/**
 * The facts behind vacancy and the per-area and per-staff ratios, kept by the district operator:
 * GET/PUT /api/v1/district/units (the units, 铺位, with who occupied them when) and PATCH /api/v1/stores/{id}
 * (a store's floor area and staff count). Changes are audited (`district.units-replace`, `store.facts-change`).
 */
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Database } from "../../db/database.ts";
import { withTenant } from "../../db/tenant.ts";
import { tenantPrincipalOf } from "../../http/auth.ts";
import { guardedRoute } from "../../http/guarded-route.ts";
import { problem } from "../../http/openapi-shared.ts";
import type { AppEnv } from "../../http/request-context.ts";
import { updateStoreFacts } from "../store-facts.ts";
import { UnitsInput } from "../units-input.ts";
import { listUnits, replaceUnits } from "../units.ts";
import { requireDistrictCaller } from "./metrics-query.ts";

const Vacancy = z.object({ units: z.number().int(), vacant: z.number().int(), rate: z.number().nullable() });

const UnitsView = z.object({
  today: z.string().describe("today in the district's time zone"),
  vacancy: Vacancy.describe("today: vacant ÷ units"),
  units: z.array(z.object({
    id: z.string(),
    code: z.string(),
    floor: z.string(),
    areaM2: z.number(),
    occupancies: z.array(z.object({
      storeId: z.string(),
      storeName: z.string(),
      since: z.string(),
      until: z.string().nullable(),
    })),
    current: z.object({ storeId: z.string(), storeName: z.string() }).nullable(),
  })),
}).openapi("DistrictUnits");

const StoreFacts = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(["active", "closed"]),
  areaM2: z.number().nullable(),
  staffCount: z.number().int().nullable(),
}).openapi("StoreFacts");

const StoreFactsInput = z.strictObject({
  areaM2: z.number({ error: "the floor area in square metres" }).positive("must be more than 0").max(10_000_000)
    .refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, "at most two decimals").nullable().optional()
    .describe("营业面积 in m²; null: unknown"),
  staffCount: z.int({ error: "a whole number of people" }).min(0, "cannot be negative").max(1_000_000).nullable()
    .optional().describe("店总人数; null: unknown"),
}).refine((input) => input.areaM2 !== undefined || input.staffCount !== undefined, {
  error: "send areaM2, staffCount or both",
  path: ["areaM2"],
});

export function registerUnitsRoutes(app: OpenAPIHono<AppEnv>, deps: { database: Database }): void {
  const db = deps.database.db;

  app.openapi(
    guardedRoute({ permission: "stores:read" }, {
      method: "get",
      path: "/api/v1/district/units",
      tags: ["Stores"],
      summary: "The district's units (铺位) with their occupancy history and today's vacancy",
      description: "A unit is vacant on a day that no occupancy covers (since ≤ day < until), or whose open-ended " +
        "occupancy belongs to a store that is closed. vacancy.rate = vacant ÷ units (4 decimals; null without units).",
      responses: {
        200: { description: "The units", content: { "application/json": { schema: UnitsView } } },
        403: { description: "A store's account", content: problem },
      },
    }),
    async (c) => {
      requireDistrictCaller(c);
      const tenantId = tenantPrincipalOf(c).tenantId;
      return c.json(await withTenant(db, tenantId, (tx) => listUnits(tx, tenantId)), 200);
    },
  );

  app.openapi(
    guardedRoute({ permission: "stores:manage" }, {
      method: "put",
      path: "/api/v1/district/units",
      tags: ["Stores"],
      summary: "Replace the district's units and their occupancies (audited)",
      description: "Send the whole list: units not listed are removed, units are matched by code (a unit keeps its " +
        "id while its code stays). Occupancies are district-local dates, `until` exclusive and absent while the " +
        "store is still there; one unit's occupancies may not overlap and must name stores of the district. Every " +
        "problem is named by its field (`units.3.occupancies.0.since`) and nothing is changed unless all is valid.",
      request: { body: { required: true, content: { "application/json": { schema: UnitsInput } } } },
      responses: {
        200: { description: "The units as they are now", content: { "application/json": { schema: UnitsView } } },
        403: { description: "A store's account", content: problem },
        422: { description: "Invalid units, named by field", content: problem },
      },
    }),
    async (c) => {
      requireDistrictCaller(c);
      const principal = tenantPrincipalOf(c);
      const input = c.req.valid("json");
      const view = await withTenant(db, principal.tenantId, async (tx) => {
        await replaceUnits(tx, principal.tenantId, principal.actor, input);
        return listUnits(tx, principal.tenantId);
      });
      return c.json(view, 200);
    },
  );

  app.openapi(
    guardedRoute({ permission: "stores:manage" }, {
      method: "patch",
      path: "/api/v1/stores/{id}",
      tags: ["Stores"],
      summary: "Change a store's floor area and staff count, the divisors of 坪效 and 人效 (audited)",
      request: {
        params: z.object({ id: z.uuid() }),
        body: { required: true, content: { "application/json": { schema: StoreFactsInput } } },
      },
      responses: {
        200: { description: "The store's facts now", content: { "application/json": { schema: StoreFacts } } },
        403: { description: "A store's account", content: problem },
        404: { description: "No such store in the district", content: problem },
        422: { description: "Invalid values, named by field", content: problem },
      },
    }),
    async (c) => {
      requireDistrictCaller(c);
      const principal = tenantPrincipalOf(c);
      const { id } = c.req.valid("param");
      const input = c.req.valid("json");
      return c.json(
        await withTenant(db, principal.tenantId, (tx) => updateStoreFacts(tx, principal.actor, id, input)),
        200,
      );
    },
  );
}
