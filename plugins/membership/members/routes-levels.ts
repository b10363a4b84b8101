/** Member levels over HTTP: everyone who sees members sees the ladder; operator admins change it (audited). */
import { z } from "@hono/zod-openapi";
import { guardedRoute, type PluginRouter, problem } from "../../../platform/sdk.ts";
import { membershipOf } from "../context.ts";
import { IdParam, TAG } from "./api-schemas.ts";
import { P } from "./grants.ts";
import { createLevel, deleteLevel, listLevels, QUALIFYING_DAYS, updateLevel } from "./levels.ts";

const fields = {
  nameZh: z.string({ error: "give the level a Chinese name" }).trim().min(1, "give the level a Chinese name")
    .max(32, "at most 32 characters"),
  nameEn: z.string({ error: "give the level an English name" }).trim().min(1, "give the level an English name")
    .max(32, "at most 32 characters"),
  rank: z.int({ error: "must be a whole number" }).min(0, "0 is the entry level").max(20, "at most 20"),
  thresholdPoints: z.int({ error: "must be a whole number of points" }).min(0, "cannot be negative")
    .max(100_000_000, "at most 100,000,000").describe(`points earned in the trailing ${QUALIFYING_DAYS} days`),
  earnMultiplier: z.number({ error: "must be a number" }).min(0, "cannot be negative").max(10, "at most 10")
    .refine((value) => Math.abs(Math.round(value * 100) - value * 100) < 1e-9, "at most two decimals"),
  benefits: z.array(z.string().trim().min(1, "empty benefit").max(100, "at most 100 characters"))
    .max(10, "at most 10 benefits"),
};

const LevelBody = z.object({
  code: z.string({ error: "give the level a code" }).trim()
    .regex(/^[a-z][a-z0-9_-]{0,31}$/, "lower-case letters, digits, _ or -, starting with a letter, at most 32"),
  ...fields,
  earnMultiplier: fields.earnMultiplier.default(1),
  benefits: fields.benefits.default([]),
});

// No defaults here: a change names what it changes, and nothing else is reset.
const LevelChange = z.object(fields).partial().strict();

const LevelView = LevelBody.extend({
  id: z.string().uuid(),
  members: z.number().int().describe("active members at this level"),
}).openapi("MembershipLevel");

export function levelRoutes(router: PluginRouter): void {
  router.openapi(
    guardedRoute({ permission: P.read }, {
      method: "get",
      path: "/levels",
      tags: [TAG],
      summary: "The district's member levels, lowest rank first, with how many members hold each",
      responses: {
        200: {
          description: "Levels",
          content: {
            "application/json": {
              schema: z.object({ items: z.array(LevelView), qualifyingDays: z.number().int() }),
            },
          },
        },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const items = await plugin.withTenant((tx) => listLevels(tx));
      return c.json({ items, qualifyingDays: QUALIFYING_DAYS }, 200);
    },
  );

  router.openapi(
    guardedRoute({ permission: P.levels }, {
      method: "post",
      path: "/levels",
      tags: [TAG],
      summary: "Add a level; rank 0 is the entry level (0 points), higher ranks need more points",
      request: { body: { content: { "application/json": { schema: LevelBody } } } },
      responses: {
        201: { description: "Added", content: { "application/json": { schema: z.object({ id: z.string().uuid() }) } } },
        422: { description: "Invalid, or breaks the ladder (code, rank, threshold)", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const body = c.req.valid("json");
      const id = await plugin.withTenant(async (tx) => {
        const id = await createLevel(tx, plugin.tenantId, body);
        await plugin.audit.append(tx, { action: "membership.level-create", target: `level:${id}`, details: body });
        return id;
      });
      return c.json({ id }, 201);
    },
  );

  router.openapi(
    guardedRoute({ permission: P.levels }, {
      method: "patch",
      path: "/levels/{id}",
      tags: [TAG],
      summary: "Change a level (not its code); members move at the next recompute",
      request: {
        params: IdParam,
        body: { content: { "application/json": { schema: LevelChange } } },
      },
      responses: {
        200: { description: "Changed", content: { "application/json": { schema: LevelView } } },
        404: { description: "No such level", content: problem },
        422: { description: "Invalid, or breaks the ladder", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const levelId = c.req.valid("param").id;
      const change = c.req.valid("json");
      const level = await plugin.withTenant(async (tx) => {
        const level = await updateLevel(tx, levelId, change);
        await plugin.audit.append(tx, {
          action: "membership.level-update",
          target: `level:${levelId}`,
          details: change,
        });
        return level;
      });
      return c.json(level, 200);
    },
  );

  router.openapi(
    guardedRoute({ permission: P.levels }, {
      method: "delete",
      path: "/levels/{id}",
      tags: [TAG],
      summary: "Remove a level that no member holds",
      request: { params: IdParam },
      responses: {
        200: {
          description: "Removed",
          content: { "application/json": { schema: z.object({ removed: z.boolean() }) } },
        },
        404: { description: "No such level", content: problem },
        409: { description: "Members hold it", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const levelId = c.req.valid("param").id;
      await plugin.withTenant(async (tx) => {
        const level = await deleteLevel(tx, levelId);
        await plugin.audit.append(tx, {
          action: "membership.level-delete",
          target: `level:${levelId}`,
          details: { code: level.code },
        });
      });
      return c.json({ removed: true }, 200);
    },
  );
}
