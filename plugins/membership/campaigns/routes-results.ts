/**
 * Who received what: a campaign's deliveries (filterable by outcome and channel), one member's deliveries, and the
 * weekly push report that evidences store indicator 7. Mobile numbers are shown masked.
 */
import { z } from "@hono/zod-openapi";
import { guardedRoute, type PluginRouter, problem, ProblemError } from "../../../platform/sdk.ts";
import { membershipOf } from "../context.ts";
import { CHANNELS, Delivery, IdParam, MemberDelivery, Paging, TAG, WeekOfPush } from "./api-schemas.ts";
import { findCampaign } from "./campaigns.ts";
import { READ } from "./permissions.ts";
import { campaignDeliveries, memberDeliveries, type Outcome, OUTCOMES } from "./results.ts";
import type { DeliveryStatus } from "./schema.ts";
import { weeklyReport } from "./weekly-report.ts";

const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });
const outcomeOf = (status: DeliveryStatus): Outcome => status === "sending" ? "pending" : status;
const iso = (value: Date | null) => value ? new Date(value).toISOString() : null;

export function resultRoutes(router: PluginRouter): void {
  router.openapi(
    guardedRoute(READ, {
      method: "get",
      path: "/campaigns/{id}/deliveries",
      tags: [TAG],
      summary: "Who received the campaign: one row per member and channel with its outcome",
      request: {
        params: IdParam,
        query: Paging.extend({
          status: z.enum(OUTCOMES, { error: `one of ${OUTCOMES.join(", ")}` }).optional(),
          channel: z.enum(CHANNELS, { error: "inbox, sms or wechat" }).optional(),
        }),
      },
      responses: {
        200: {
          description: "Deliveries",
          ...json(z.object({
            items: z.array(Delivery),
            total: z.number().int(),
            page: z.number().int(),
            pageSize: z.number().int(),
          })),
        },
        404: { description: "No such campaign", content: problem },
        422: { description: "Invalid query", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const { id } = c.req.valid("param");
      const filter = c.req.valid("query");
      const page = await plugin.withTenant(async (tx) => {
        if (!await findCampaign(tx, id)) throw new ProblemError(404, "There is no such campaign.");
        const { total, items } = await campaignDeliveries(tx, id, filter);
        const cipher = await plugin.privacy.cipher(tx);
        return {
          total,
          items: await Promise.all(items.map(async (row) => ({
            memberId: row.member_id,
            memberNo: row.member_no,
            mobile: row.mobile_enc ? plugin.privacy.mask("phone", await cipher.decrypt(row.mobile_enc, "phone")) : null,
            channel: row.channel,
            status: outcomeOf(row.status),
            reason: row.reason,
            decidedAt: iso(row.decided_at),
          }))),
        };
      });
      return c.json({ ...page, page: filter.page, pageSize: filter.pageSize }, 200);
    },
  );

  router.openapi(
    guardedRoute(READ, {
      method: "get",
      path: "/members/{id}/campaign-deliveries",
      tags: [TAG],
      summary: "What one member received from campaigns, newest first",
      request: { params: IdParam },
      responses: {
        200: { description: "Deliveries", ...json(z.object({ items: z.array(MemberDelivery) })) },
        404: { description: "No such member", content: problem },
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const items = await membershipOf(c).withTenant(async (tx) => {
        const member = await tx.selectFrom("plugin_membership.members").select("id").where("id", "=", id)
          .executeTakeFirst();
        if (!member) throw new ProblemError(404, "There is no such member.");
        return (await memberDeliveries(tx, id)).map((row) => ({
          campaignId: row.campaign_id,
          campaignTitle: row.title,
          channel: row.channel,
          status: outcomeOf(row.status),
          reason: row.reason,
          decidedAt: iso(row.decided_at),
        }));
      });
      return c.json({ items }, 200);
    },
  );

  router.openapi(
    guardedRoute(READ, {
      method: "get",
      path: "/campaigns/weekly-report",
      tags: [TAG],
      summary: "Per ISO week: campaigns that reached members and members reached (store indicator 7, weekly push)",
      request: {
        query: z.object({
          weeks: z.coerce.number({ error: "must be a number" }).int("must be a whole number")
            .min(1, "from 1 to 104").max(104, "from 1 to 104").default(12),
        }),
      },
      responses: {
        200: {
          description: "Weeks, oldest first, the current week last",
          ...json(z.object({
            items: z.array(WeekOfPush),
            everyWeek: z.boolean().describe("every full week of the period had a push that reached members"),
          })),
        },
        422: { description: "Invalid query", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const items = await plugin.withTenant((tx) => weeklyReport(tx, plugin.tenantId, c.req.valid("query").weeks));
      // The current week is still running; it counts only once it has a push.
      const full = items.slice(0, -1);
      const current = items[items.length - 1];
      const everyWeek = full.every((week) => week.campaigns > 0) && (full.length > 0 || current.campaigns > 0);
      return c.json({ items, everyWeek }, 200);
    },
  );
}
