/** Operators decide which stores take part in the alliance points; the list shows each store's state. */
import { z } from "@hono/zod-openapi";
import { guardedRoute, type PluginRouter, problem, ProblemError } from "../../../platform/sdk.ts";
import { membershipOf } from "../context.ts";
import { TAG } from "./api-schemas.ts";
import { listParticipation, participates, setParticipation } from "./participation.ts";

const StoreParticipation = z.object({
  storeId: z.string().uuid(),
  name: z.string(),
  participates: z.boolean(),
  decided: z.boolean().describe("false: the store follows the district's default"),
  updatedAt: z.string().nullable(),
}).openapi("PointsStoreParticipation");

export function storesRoutes(router: PluginRouter): void {
  router.openapi(
    guardedRoute({ permission: "membership:points-read" }, {
      method: "get",
      path: "/points/stores",
      tags: [TAG],
      summary: "The district's open stores and whether each takes part in the alliance points",
      responses: {
        200: {
          description: "Stores",
          content: {
            "application/json": {
              schema: z.object({ items: z.array(StoreParticipation), participateByDefault: z.boolean() }),
            },
          },
        },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const byDefault = plugin.config.pointsStoresParticipateByDefault;
      const items = await plugin.withTenant((tx) => listParticipation(tx, byDefault));
      return c.json({ items, participateByDefault: byDefault }, 200);
    },
  );

  router.openapi(
    guardedRoute({ permission: "membership:points-manage" }, {
      method: "post",
      path: "/points/stores/{storeId}/participation",
      tags: [TAG],
      summary: "Let a store take part in the alliance points, or take it out (its members' points stay theirs)",
      request: {
        params: z.object({ storeId: z.string().uuid({ error: "must be a store id" }) }),
        body: { content: { "application/json": { schema: z.object({ participates: z.boolean() }) } } },
      },
      responses: {
        200: { description: "Set", content: { "application/json": { schema: StoreParticipation } } },
        404: { description: "No such open store", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const { storeId } = c.req.valid("param");
      const { participates: value } = c.req.valid("json");
      const byDefault = plugin.config.pointsStoresParticipateByDefault;
      const store = await plugin.withTenant(async (tx) => {
        if (await participates(tx, storeId, byDefault) === undefined) {
          throw new ProblemError(404, "There is no such open store.");
        }
        await setParticipation(tx, plugin.tenantId, storeId, value, plugin.actor);
        await plugin.audit.append(tx, {
          action: value ? "membership.points-store-join" : "membership.points-store-leave",
          target: `store:${storeId}`,
        });
        return (await listParticipation(tx, byDefault)).find((s) => s.storeId === storeId)!;
      });
      return c.json(store, 200);
    },
  );
}
