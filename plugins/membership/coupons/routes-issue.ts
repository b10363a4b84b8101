/**
 * The operator issuing coupons: to a segment (a batch run as a job) or to one member by card number, for a
 * survey answered or as a goodwill gesture. Both are idempotent: a batch gives each member at most one coupon,
 * a grant names a reference (a ticket, a survey answer) and the same reference again is the same coupon.
 */
import { z } from "@hono/zod-openapi";
import { guardedRoute, type PluginRouter, problem, ProblemError } from "../../../platform/sdk.ts";
import { postToInbox } from "../campaigns/inbox.ts";
import { membersOfSegment } from "../campaigns/segments.ts";
import { membershipOf } from "../context.ts";
import { Batch, IssuedCoupon, TAG, TemplateParam } from "./api-schemas.ts";
import { createBatch, listBatches } from "./batches.ts";
import { maskCouponCode } from "./code.ts";
import { issueCoupon } from "./issue.ts";
import { issueBatch } from "./jobs.ts";

async function requireTemplate(tx: Parameters<typeof listBatches>[0], templateId: string) {
  const template = await tx.selectFrom("plugin_membership.coupon_templates").select(["id", "status", "title"])
    .where("id", "=", templateId).executeTakeFirst();
  if (!template) throw new ProblemError(404, "There is no such coupon template.");
  return template;
}

export function issueRoutes(router: PluginRouter): void {
  router.openapi(
    guardedRoute({ permission: "membership:coupons-issue" }, {
      method: "post",
      path: "/coupons/templates/{templateId}/issues",
      tags: [TAG],
      summary: "Issue the template to every member of a segment (runs as a job; one coupon per member per batch)",
      description: "Members without marketing consent still receive the coupon in their wallet; messages about it " +
        "are the campaigns' business, which sends only to members who consented.",
      request: {
        params: TemplateParam,
        body: { content: { "application/json": { schema: z.object({ segmentId: z.string().uuid() }) } } },
      },
      responses: {
        202: {
          description: "Queued",
          content: {
            "application/json": {
              schema: z.object({ batchId: z.string().uuid(), membersTotal: z.number().int() }),
            },
          },
        },
        404: { description: "No such template", content: problem },
        409: { description: "The template is paused", content: problem },
        422: { description: "Invalid fields, or no such segment", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const { templateId } = c.req.valid("param");
      const { segmentId } = c.req.valid("json");
      const queued = await plugin.withTenant(async (tx) => {
        const template = await requireTemplate(tx, templateId);
        if (template.status !== "active") throw new ProblemError(409, "This coupon template is paused.");
        const members = await membersOfSegment(tx, segmentId).catch((error) => {
          if (error instanceof ProblemError && error.status === 404) {
            throw new ProblemError(422, "There is no such segment.", [
              { field: "segmentId", message: "no such segment" },
            ]);
          }
          throw error;
        });
        const batchId = await createBatch(tx, plugin.tenantId, { templateId, segmentId, actor: plugin.actor });
        await plugin.audit.append(tx, {
          action: "membership.coupon-push",
          target: `coupon-template:${templateId}`,
          details: { batchId, segmentId, members: members.length },
        });
        return { batchId, membersTotal: members.length };
      });
      // After the commit, so the job finds its batch; the job id makes a second enqueue of the batch a no-op.
      await plugin.jobs.enqueue(issueBatch, { batchId: queued.batchId }, { jobId: `coupons-batch-${queued.batchId}` });
      return c.json(queued, 202);
    },
  );

  router.openapi(
    guardedRoute({ permission: "membership:coupons-issue" }, {
      method: "get",
      path: "/coupons/templates/{templateId}/issues",
      tags: [TAG],
      summary: "The template's pushes to segments and how far each got",
      request: { params: TemplateParam },
      responses: {
        200: {
          description: "Batches",
          content: { "application/json": { schema: z.object({ items: z.array(Batch) }) } },
        },
        404: { description: "No such template", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const { templateId } = c.req.valid("param");
      const items = await plugin.withTenant(async (tx) => {
        await requireTemplate(tx, templateId);
        return await listBatches(tx, templateId);
      });
      return c.json({ items }, 200);
    },
  );

  router.openapi(
    guardedRoute({ permission: "membership:coupons-issue" }, {
      method: "post",
      path: "/coupons/templates/{templateId}/grants",
      tags: [TAG],
      summary: "Give one member a coupon by card number: a survey reward or a manual grant",
      request: {
        params: TemplateParam,
        body: {
          content: {
            "application/json": {
              schema: z.object({
                memberNo: z.string().trim().regex(/^[0-9]{8,16}$/, "a member's card number is 8–16 digits"),
                source: z.enum(["manual", "survey"]),
                reference: z.string().trim().min(1, "name what the coupon is for (a ticket, a survey answer)")
                  .max(100).describe("the same reference again gives the same coupon"),
              }),
            },
          },
        },
      },
      responses: {
        200: {
          description: "Given before under this reference",
          content: { "application/json": { schema: IssuedCoupon } },
        },
        201: { description: "Given", content: { "application/json": { schema: IssuedCoupon } } },
        404: { description: "No such template", content: problem },
        409: { description: "Paused, ended, or a limit reached", content: problem },
        422: { description: "Invalid fields, or no such member", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const { templateId } = c.req.valid("param");
      const { memberNo, source, reference } = c.req.valid("json");
      const coupon = await plugin.withTenant(async (tx) => {
        const template = await requireTemplate(tx, templateId);
        const member = await tx.selectFrom("plugin_membership.members").select("id")
          .where("member_no", "=", memberNo).where("status", "=", "active").executeTakeFirst();
        if (!member) {
          throw new ProblemError(422, "There is no such member.", [{ field: "memberNo", message: "no such member" }]);
        }
        const issued = await issueCoupon(tx, plugin.tenantId, {
          templateId,
          memberId: member.id,
          source,
          idempotencyKey: `grant:${reference}`,
          actor: plugin.actor,
        });
        if (issued.created) {
          await plugin.audit.append(tx, {
            action: "membership.coupon-grant",
            target: `coupon:${issued.id}`,
            details: { templateId, source, reference },
          });
          // A coupon given to one member for a reason of theirs is a service notice, not marketing: it needs no
          // marketing consent (pushes to a segment are announced, if at all, by campaigns, which checks consent).
          await postToInbox(tx, plugin.tenantId, {
            memberId: member.id,
            kind: "service",
            title: "您获得一张优惠券 · A coupon for you",
            body: `「${template.title}」已放入您的卡包。\n“${template.title}” is in your wallet.`,
            idempotencyKey: `coupon-issued:${issued.id}`,
          });
        }
        return issued;
      });
      const { memberId: _, created, ...shown } = coupon;
      return c.json({ ...shown, code: maskCouponCode(coupon.code) }, created ? 201 : 200);
    },
  );
}
