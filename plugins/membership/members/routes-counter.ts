/**
 * At the counter: a store's or the operator's staff look a member up by the code on the member's card (scanned) or
 * the card number (typed), and a store sees its own members (双会员). Store users are held to their own store.
 */
import { z } from "@hono/zod-openapi";
import { guardedRoute, type PluginRouter, problem, ProblemError } from "../../../platform/sdk.ts";
import { membershipOf } from "../context.ts";
import { Level, Paging, TAG } from "./api-schemas.ts";
import { isCurrentCardCode, parseCardInput } from "./card-code.ts";
import { maskedMobile } from "./directory.ts";
import { P } from "./grants.ts";
import { levelView } from "./level-view.ts";

const LEVEL_COLUMNS = [
  "l.id as level_id",
  "l.code as level_code",
  "l.name_zh as level_name_zh",
  "l.name_en as level_name_en",
  "l.rank as level_rank",
] as const;

export function counterRoutes(router: PluginRouter): void {
  router.openapi(
    guardedRoute({ permission: P.serve }, {
      method: "post",
      path: "/cards/resolve",
      tags: [TAG],
      summary: "Who is this? The member of a scanned card code (current or previous 30 s only) or a typed card number",
      request: {
        body: {
          content: {
            "application/json": {
              schema: z.object({
                code: z.string({ error: "scan the member's code or type the card number" }).max(40),
              }),
            },
          },
        },
      },
      responses: {
        200: {
          description: "The member, masked",
          content: {
            "application/json": {
              schema: z.object({
                id: z.string().uuid(),
                memberNo: z.string(),
                mobile: z.string().describe("masked"),
                level: Level.nullable(),
                verified: z.boolean().describe("true: a live card code was shown; false: the card number was typed"),
              }).openapi("MembershipResolvedCard"),
            },
          },
        },
        404: { description: "No member with this card number", content: problem },
        422: { description: "Not a code or card number, or a stale code (a screenshot)", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const input = parseCardInput(c.req.valid("json").code);
      if (input.kind === "invalid") {
        throw new ProblemError(422, "This is not a member code.", [{ field: "code", message: input.message }]);
      }
      const resolved = await plugin.withTenant(async (tx) => {
        const row = await tx.selectFrom("plugin_membership.members as m")
          .leftJoin(
            "plugin_membership.levels as l",
            (join) => join.onRef("l.tenant_id", "=", "m.tenant_id").onRef("l.id", "=", "m.level_id"),
          )
          .select(["m.id", "m.member_no", "m.mobile_enc", "m.card_secret", ...LEVEL_COLUMNS])
          .where("m.member_no", "=", input.memberNo).where("m.status", "=", "active").executeTakeFirst();
        if (!row) return undefined;
        if (
          input.kind === "code" &&
          !await isCurrentCardCode({ memberNo: row.member_no, cardSecret: row.card_secret }, input.otp)
        ) {
          throw new ProblemError(422, "This code has expired.", [{
            field: "code",
            message: "this code has expired (a screenshot?); ask the member to show the card again",
          }]);
        }
        return {
          id: row.id,
          memberNo: row.member_no,
          mobile: await maskedMobile(plugin, tx, row.mobile_enc),
          level: levelView(row),
          verified: input.kind === "code",
        };
      });
      if (!resolved) throw new ProblemError(404, "There is no member with this card number in the district.");
      return c.json(resolved, 200);
    },
  );

  router.openapi(
    guardedRoute({ permission: P.storeMembers }, {
      method: "get",
      path: "/stores/mine/members",
      tags: [TAG],
      summary: "A store's members (双会员), masked: store users see their own store; operators name the store",
      request: {
        query: z.object({
          storeId: z.string().uuid({ error: "must be a store id" }).optional()
            .describe("operators: the store; store users: their own store or nothing"),
          ...Paging,
        }),
      },
      responses: {
        200: {
          description: "A page of the store's members, newest first",
          content: {
            "application/json": {
              schema: z.object({
                storeId: z.string().uuid(),
                items: z.array(z.object({
                  id: z.string().uuid(),
                  memberNo: z.string(),
                  mobile: z.string().describe("masked"),
                  level: Level.nullable(),
                  via: z.enum(["signup", "sale", "manual"]),
                  joinedAt: z.string(),
                })),
                total: z.number().int(),
                page: z.number().int(),
                pageSize: z.number().int(),
              }),
            },
          },
        },
        403: { description: "Another store's members", content: problem },
        422: { description: "An operator named no store, or no such store", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const query = c.req.valid("query");
      // Set for store users (and store-scoped keys) only: they are held to that store.
      const own = plugin.principal?.organisationId;
      if (own && query.storeId && query.storeId !== own) {
        throw new ProblemError(403, "A store sees its own members only.");
      }
      const storeId = own ?? query.storeId;
      if (!storeId) {
        throw new ProblemError(422, "Name the store.", [{ field: "storeId", message: "choose a store" }]);
      }
      const result = await plugin.withTenant(async (tx) => {
        const store = await tx.selectFrom("core.organisations").select("id").where("id", "=", storeId)
          .where("kind", "=", "store").executeTakeFirst();
        if (!store) throw new ProblemError(422, "No such store.", [{ field: "storeId", message: "no such store" }]);
        const base = tx.selectFrom("plugin_membership.store_members as sm")
          .innerJoin(
            "plugin_membership.members as m",
            (join) => join.onRef("m.tenant_id", "=", "sm.tenant_id").onRef("m.id", "=", "sm.member_id"),
          )
          .where("sm.store_id", "=", storeId).where("m.status", "=", "active");
        const rows = await base
          .leftJoin(
            "plugin_membership.levels as l",
            (join) => join.onRef("l.tenant_id", "=", "m.tenant_id").onRef("l.id", "=", "m.level_id"),
          )
          .select(["m.id", "m.member_no", "m.mobile_enc", "sm.via", "sm.joined_at", ...LEVEL_COLUMNS])
          .orderBy("sm.joined_at", "desc").orderBy("m.id", "desc")
          .limit(query.pageSize).offset((query.page - 1) * query.pageSize).execute();
        const total = await base.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
        const items = [];
        for (const row of rows) {
          items.push({
            id: row.id,
            memberNo: row.member_no,
            mobile: await maskedMobile(plugin, tx, row.mobile_enc),
            level: levelView(row),
            via: row.via,
            joinedAt: new Date(row.joined_at).toISOString(),
          });
        }
        return { storeId, items, total: Number(total.n), page: query.page, pageSize: query.pageSize };
      });
      return c.json(result, 200);
    },
  );
}
