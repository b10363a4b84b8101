/**
 * The member's coupon routes on the district's public API (`/public/{district}/…`, the district from its slug):
 * the coupons on offer, claiming one, exchanging points for one, and the member's own wallet with full codes.
 * Claims and exchanges carry an idempotency key (in the body, or in the query for forms that post only their
 * fields): a retried tap returns the first coupon instead of a second one.
 */
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { guardedRoute, type PluginRouter, problem, ProblemError } from "../../../platform/sdk.ts";
import { membershipOf } from "../context.ts";
import { optionalMember, requireMember } from "../members/member-auth.ts";
import { DistrictParam, IssuedCoupon, OfferedCoupon, TAG, WalletCoupon } from "./api-schemas.ts";
import { exchangePointsForCoupon } from "./exchange.ts";
import { issueCoupon, type IssuedCoupon as Issued } from "./issue.ts";
import { offeredCoupons, walletOf } from "./wallet.ts";

/** The actor of a member's own act: not the member's id, so nothing outside the member's rows names them. */
const MEMBER_ACTOR = "member";

const KeyField = z.string().trim().min(1).max(100);
const claimRequest = {
  params: DistrictParam.extend({ templateId: z.string().uuid() }),
  query: z.object({ idempotencyKey: KeyField.optional().describe("or in the body") }),
  body: {
    required: false,
    content: { "application/json": { schema: z.object({ idempotencyKey: KeyField.optional() }) } },
  },
};

/** The key from the body (JSON) or the query; 422 naming it when neither has one. */
function keyOf(c: Context, body: { idempotencyKey?: string } | undefined, query: { idempotencyKey?: string }): string {
  const key = (c.req.header("content-type")?.includes("json") ? body?.idempotencyKey : undefined) ??
    query.idempotencyKey;
  if (!key) {
    throw new ProblemError(422, "An idempotency key is needed.", [
      { field: "idempotencyKey", message: "give a key naming this request (a random id)" },
    ]);
  }
  return key;
}

const shown = ({ memberId: _, created: __, ...coupon }: Issued) => coupon;

export function publicCouponRoutes(router: PluginRouter): void {
  router.openapi(
    guardedRoute("public", {
      method: "get",
      path: "/public/{district}/coupons",
      tags: [TAG],
      summary:
        "Coupons members may claim or exchange for points now (public; with a member session, how many they hold)",
      request: { params: DistrictParam },
      responses: {
        200: {
          description: "On offer",
          content: { "application/json": { schema: z.object({ items: z.array(OfferedCoupon) }) } },
        },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const memberId = await optionalMember(c, plugin);
      const items = await plugin.withTenant((tx) => offeredCoupons(tx, memberId));
      return c.json({ items }, 200);
    },
  );

  router.openapi(
    guardedRoute("public", {
      method: "get",
      path: "/public/{district}/me/coupons",
      tags: [TAG],
      summary: "The signed-in member's coupons with their codes: usable, used and expired",
      request: { params: DistrictParam },
      responses: {
        200: {
          description: "The wallet",
          content: {
            "application/json": {
              schema: z.object({
                active: z.array(WalletCoupon),
                used: z.array(WalletCoupon),
                expired: z.array(WalletCoupon),
              }),
            },
          },
        },
        401: { description: "Not signed in as a member", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const memberId = await requireMember(c, plugin);
      return c.json(await plugin.withTenant((tx) => walletOf(tx, memberId)), 200);
    },
  );

  router.openapi(
    guardedRoute("public", {
      method: "post",
      path: "/public/{district}/coupons/{templateId}/claims",
      tags: [TAG],
      summary: "Claim a coupon online (领券), up to the per-member limit; the same key again is the same coupon",
      request: claimRequest,
      responses: {
        200: { description: "Claimed before with this key", content: { "application/json": { schema: IssuedCoupon } } },
        201: { description: "Claimed", content: { "application/json": { schema: IssuedCoupon } } },
        401: { description: "Not signed in as a member", content: problem },
        404: { description: "No such coupon", content: problem },
        409: {
          description: "Not claimable, paused, ended, all given out, or the member's limit reached",
          content: problem,
        },
        422: { description: "No idempotency key", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const memberId = await requireMember(c, plugin);
      const { templateId } = c.req.valid("param");
      const idempotencyKey = keyOf(c, c.req.valid("json"), c.req.valid("query"));
      const coupon = await plugin.withTenant(async (tx) => {
        const template = await tx.selectFrom("plugin_membership.coupon_templates").select("claimable")
          .where("id", "=", templateId).executeTakeFirst();
        if (!template) throw new ProblemError(404, "There is no such coupon.");
        if (!template.claimable) throw new ProblemError(409, "This coupon cannot be claimed online.");
        return await issueCoupon(tx, plugin.tenantId, {
          templateId,
          memberId,
          source: "claim",
          idempotencyKey,
          actor: MEMBER_ACTOR,
        });
      });
      return coupon.created ? c.json(shown(coupon), 201) : c.json(shown(coupon), 200);
    },
  );

  router.openapi(
    guardedRoute("public", {
      method: "post",
      path: "/public/{district}/coupons/{templateId}/exchanges",
      tags: [TAG],
      summary:
        "Exchange points for a coupon (积分兑换): both happen or neither; the same key again spends nothing more",
      request: claimRequest,
      responses: {
        200: {
          description: "Exchanged before with this key",
          content: {
            "application/json": {
              schema: z.object({ coupon: IssuedCoupon, pointsSpent: z.number().int(), balance: z.number().int() }),
            },
          },
        },
        201: {
          description: "Exchanged",
          content: {
            "application/json": {
              schema: z.object({ coupon: IssuedCoupon, pointsSpent: z.number().int(), balance: z.number().int() }),
            },
          },
        },
        401: { description: "Not signed in as a member", content: problem },
        404: { description: "No such coupon", content: problem },
        409: { description: "Not exchangeable, too few points, paused, ended or a limit reached", content: problem },
        422: { description: "No idempotency key", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const memberId = await requireMember(c, plugin);
      const { templateId } = c.req.valid("param");
      const idempotencyKey = keyOf(c, c.req.valid("json"), c.req.valid("query"));
      const result = await plugin.withTenant((tx) =>
        exchangePointsForCoupon(tx, plugin.tenantId, { templateId, memberId, idempotencyKey, actor: MEMBER_ACTOR })
      );
      const body = { coupon: shown(result.coupon), pointsSpent: result.pointsSpent, balance: result.balance };
      return result.coupon.created ? c.json(body, 201) : c.json(body, 200);
    },
  );
}
