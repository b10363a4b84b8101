/**
 * A member's points: the member's own (public route, signed in as the member) and the operators' view of any
 * member's ledger, with adjustments by hand (±, with a reason, audited).
 */
import { z } from "@hono/zod-openapi";
import { guardedRoute, type PluginRouter, problem, ProblemError } from "../../../platform/sdk.ts";
import { membershipOf } from "../context.ts";
import { requireMember } from "../members/member-auth.ts";
import { IdempotencyKey, LedgerPage, LedgerWrite, Paging, TAG } from "./api-schemas.ts";
import { ledgerPage } from "./history.ts";
import { awardPoints, deductPoints } from "./ledger.ts";
import { lockAccount } from "./ledger-write.ts";
import { memberFromInput } from "./member-input.ts";
import { entryByKey, replayOf } from "./store-scope.ts";

const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });

const MemberParam = z.object({
  member: z.string().trim().min(1).max(40).describe("the member's id or 12-digit card number"),
});

const Adjustment = z.object({
  points: z.number({ error: "give the points as a number" }).int("a whole number")
    .min(-1_000_000, "at most 1,000,000 either way").max(1_000_000, "at most 1,000,000 either way")
    .refine((n) => n !== 0, "add (positive) or take (negative) at least 1 point"),
  reason: z.string().trim().min(2, "say why (at least 2 characters)").max(200),
  idempotencyKey: IdempotencyKey,
}).openapi("PointsAdjustmentInput");

const MemberLedger = LedgerPage.extend({
  member: z.object({ id: z.string().uuid(), memberNo: z.string(), status: z.enum(["active", "erased"]) }),
});

export function memberPointsRoutes(router: PluginRouter): void {
  router.openapi(
    guardedRoute("public", {
      method: "get",
      path: "/public/{district}/me/points",
      tags: [TAG],
      summary: "The signed-in member's points: balance, what expires soon, history (newest first)",
      request: { params: z.object({ district: z.string() }), query: z.object(Paging) },
      responses: {
        200: { description: "The member's points", ...json(LedgerPage) },
        401: { description: "Not signed in as a member", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const memberId = await requireMember(c, plugin);
      const paging = c.req.valid("query");
      const page = await plugin.withTenant((tx) =>
        ledgerPage(tx, memberId, paging, plugin.config.pointsExpiryNoticeDays)
      );
      return c.json(page, 200);
    },
  );

  router.openapi(
    guardedRoute({ permission: "membership:points-read" }, {
      method: "get",
      path: "/points/members/{member}/ledger",
      tags: [TAG],
      summary: "A member's points ledger (operators)",
      request: { params: MemberParam, query: z.object(Paging) },
      responses: {
        200: { description: "The ledger", ...json(MemberLedger) },
        404: { description: "No such member", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const { member: named } = c.req.valid("param");
      const paging = c.req.valid("query");
      const answer = await plugin.withTenant(async (tx) => {
        const member = await memberFromInput(tx, named, "member", { allowId: true }).catch((error) => {
          if (error instanceof ProblemError && error.status === 422) {
            throw new ProblemError(404, "There is no such member.");
          }
          throw error;
        });
        const page = await ledgerPage(tx, member.id, paging, plugin.config.pointsExpiryNoticeDays);
        return { ...page, member };
      });
      return c.json(answer, 200);
    },
  );

  router.openapi(
    guardedRoute({ permission: "membership:points-manage" }, {
      method: "post",
      path: "/points/members/{member}/adjustments",
      tags: [TAG],
      summary: "Adjust a member's points by hand: add (positive) or take (negative), with a reason",
      description: "Added points are a lot of the district (the district pays when they are redeemed at a store). " +
        "Taking more than the balance is refused with 409.",
      request: { params: MemberParam, body: json(Adjustment) },
      responses: {
        201: { description: "Adjusted (or adjusted before under this key)", ...json(LedgerWrite) },
        404: { description: "No such member", content: problem },
        409: { description: "Taking more than the balance; nothing was taken", content: problem },
        422: { description: "Invalid fields", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const { member: named } = c.req.valid("param");
      const body = c.req.valid("json");
      const idempotencyKey = `operator-adjust:${body.idempotencyKey}`;
      const written = await plugin.withTenant(async (tx) => {
        const member = await memberFromInput(tx, named, "member", { allowId: true }).catch((error) => {
          if (error instanceof ProblemError && error.status === 422) {
            throw new ProblemError(404, "There is no such member.");
          }
          throw error;
        });
        await lockAccount(tx, plugin.tenantId, member.id);
        const replay = replayOf(await entryByKey(tx, idempotencyKey), { memberId: member.id, points: body.points });
        if (replay) return { ...replay, points: body.points };
        const input = {
          memberId: member.id,
          points: Math.abs(body.points),
          storeId: null,
          reason: body.reason,
          idempotencyKey,
          actor: plugin.actor,
        };
        const entry = body.points > 0
          ? await awardPoints(tx, plugin.tenantId, { ...input, kind: "adjust" })
          : await deductPoints(tx, plugin.tenantId, input);
        await plugin.audit.append(tx, {
          action: "membership.points-adjust",
          target: `member:${member.id}`,
          details: { points: body.points, reason: body.reason, entryId: entry.entryId },
        });
        return { entryId: entry.entryId, memberNo: member.memberNo, points: body.points, balance: entry.balance };
      });
      return c.json(written, 201);
    },
  );
}
