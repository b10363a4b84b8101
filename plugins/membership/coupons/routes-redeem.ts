/**
 * Redeeming at the till and at the car park, for staff and the district's systems: check a code, redeem it,
 * undo a redemption shortly after, and list the redemptions (a store its own, the operator all).
 */
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { guardedRoute, type PluginRouter, problem, ProblemError } from "../../../platform/sdk.ts";
import { membershipOf } from "../context.ts";
import { storeScope } from "./access.ts";
import { CodeCheck, Redemption, RedemptionResult, TAG } from "./api-schemas.ts";
import { formatCouponCode } from "./code.ts";
import { couponRedeemed, parkingCouponRedeemed } from "./events.ts";
import {
  lockCouponByCode,
  redeemAtStore,
  redeemForParking,
  type RedemptionResult as Result,
  stateRefusal,
  undoRedemption,
} from "./redeem.ts";
import { listRedemptions } from "./redemptions.ts";
import { validAtStore } from "./templates.ts";

const refusals = {
  404: { description: "No coupon with this code in the district", content: problem },
  409: {
    description: "Used, expired, not valid yet, voided, or not valid at this store (`type` names which)",
    content: problem,
  },
  422: { description: "Invalid fields: a malformed code, a purchase below the minimum spend", content: problem },
};

/** The store a redemption is for: a store user's own; the operator must name one. */
async function redeemingStore(c: Context, named: string | undefined): Promise<string> {
  const own = storeScope(c);
  if (own) {
    if (named && named !== own) throw new ProblemError(403, "A store redeems coupons at its own till only.");
    return own;
  }
  if (!named) throw new ProblemError(422, "Name the store.", [{ field: "storeId", message: "name the store" }]);
  const store = await membershipOf(c).withTenant((tx) =>
    tx.selectFrom("core.organisations").select("id").where("id", "=", named).where("kind", "=", "store")
      .executeTakeFirst()
  );
  if (!store) throw new ProblemError(422, "No such store.", [{ field: "storeId", message: "no such store" }]);
  return named;
}

const shown = ({ memberId: _, ...result }: Result) => result;

/** Until when a store redemption may be undone; null when it cannot be (any more). */
function undoUntil(redemption: { kind: string; redeemedAt: string } | undefined, minutes: number): string | null {
  if (!redemption || redemption.kind !== "store" || minutes === 0) return null;
  const until = Date.parse(redemption.redeemedAt) + minutes * 60_000;
  return until > Date.now() ? new Date(until).toISOString() : null;
}

export function redeemRoutes(router: PluginRouter): void {
  router.openapi(
    guardedRoute({ permission: "membership:coupons-redeem" }, {
      method: "get",
      path: "/coupons/codes/{code}",
      tags: [TAG],
      summary: "Check a scanned or typed code before redeeming: what it gives and whether it can be used here",
      request: {
        params: z.object({ code: z.string().max(40) }),
        query: z.object({ storeId: z.string().uuid().optional().describe("operators: check for this store") }),
      },
      responses: {
        200: { description: "The coupon", content: { "application/json": { schema: CodeCheck } } },
        404: refusals[404],
        422: refusals[422],
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const storeId = storeScope(c) ?? c.req.valid("query").storeId;
      const check = await plugin.withTenant(async (tx) => {
        const coupon = await lockCouponByCode(tx, c.req.valid("param").code, false);
        const template = await tx.selectFrom("plugin_membership.coupon_templates").selectAll()
          .where("id", "=", coupon.template_id).executeTakeFirstOrThrow();
        let refusal = stateRefusal(coupon, new Date());
        if (!refusal && template.kind === "parking") refusal = "parking";
        if (!refusal && storeId && !(await validAtStore(tx, template, storeId))) refusal = "wrong-store";
        const [redemption] = coupon.status === "redeemed"
          ? (await listRedemptions(tx, { couponId: coupon.id, limit: 5 })).filter((r) => !r.undoneAt)
          : [];
        return {
          couponId: coupon.id,
          code: formatCouponCode(coupon.code),
          templateId: template.id,
          title: template.title,
          description: template.description,
          kind: template.kind,
          amountOffFen: template.amount_off_fen,
          percentOff: template.percent_off,
          maxDiscountFen: template.max_discount_fen,
          giftDescription: template.gift_description,
          freeMinutes: template.free_minutes,
          minSpendFen: template.min_spend_fen,
          ownerStoreId: template.owner_store_id,
          status: coupon.status === "active" && refusal === "expired" ? "expired" as const : coupon.status,
          validFrom: coupon.valid_from.toISOString(),
          validUntil: coupon.valid_until.toISOString(),
          usable: refusal === null,
          refusal,
          redemption: redemption ?? null,
          undoUntil: undoUntil(redemption, plugin.config.couponsUndoMinutes),
        };
      });
      return c.json(check, 200);
    },
  );

  router.openapi(
    guardedRoute({ permission: "membership:coupons-redeem" }, {
      method: "post",
      path: "/coupons/redemptions",
      tags: [TAG],
      summary: "Redeem a coupon at a store's till; answers the discount",
      description: "A coupon is redeemed once: when two tills send one code at the same moment, one gets 200 and " +
        "the other 409. The same store sending the same code and receiptId again gets the first redemption back.",
      request: {
        body: {
          content: {
            "application/json": {
              schema: z.object({
                code: z.string().trim().min(1, "scan or type the coupon code").max(40),
                storeId: z.string().uuid().optional().describe("operators: the store it is redeemed at"),
                receiptId: z.string().trim().min(1).max(100).optional(),
                amountFen: z.int().min(0).max(100_000_000).optional().describe("the purchase, in fen"),
              }),
            },
          },
        },
      },
      responses: {
        200: { description: "Redeemed", content: { "application/json": { schema: RedemptionResult } } },
        403: { description: "Another store's till", content: problem },
        ...refusals,
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const body = c.req.valid("json");
      const storeId = await redeemingStore(c, body.storeId);
      const result = await plugin.withTenant(async (tx) => {
        const redeemed = await redeemAtStore(tx, plugin.tenantId, { ...body, storeId, actor: plugin.actor });
        if (!redeemed.repeated) {
          await plugin.audit.append(tx, {
            action: "membership.coupon-redeem",
            target: `coupon:${redeemed.couponId}`,
            details: { redemptionId: redeemed.redemptionId, storeId, receiptId: body.receiptId ?? null },
          });
          await plugin.events.publish(tx, couponRedeemed, {
            couponId: redeemed.couponId,
            templateId: redeemed.templateId,
            storeId,
            receiptId: body.receiptId ?? null,
            discountFen: redeemed.discountFen,
            at: redeemed.redeemedAt,
          });
        }
        return redeemed;
      });
      return c.json(shown(result), 200);
    },
  );

  router.openapi(
    guardedRoute({ permission: "membership:coupons-redeem" }, {
      method: "post",
      path: "/coupons/redemptions/{redemptionId}/undo",
      tags: [TAG],
      summary: "Undo a store redemption shortly after it (the district's setting says how long)",
      request: { params: z.object({ redemptionId: z.string().uuid() }) },
      responses: {
        200: {
          description: "Undone: the coupon is usable again",
          content: {
            "application/json": { schema: z.object({ couponId: z.string().uuid(), undone: z.literal(true) }) },
          },
        },
        404: { description: "No such redemption (or another store's)", content: problem },
        409: { description: "Already undone, a car park's, or too late", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const { redemptionId } = c.req.valid("param");
      const undone = await plugin.withTenant(async (tx) => {
        const result = await undoRedemption(tx, {
          redemptionId,
          storeId: storeScope(c),
          windowMinutes: plugin.config.couponsUndoMinutes,
          actor: plugin.actor,
        });
        await plugin.audit.append(tx, {
          action: "membership.coupon-redemption-undo",
          target: `coupon:${result.couponId}`,
          details: { redemptionId, storeId: result.storeId },
        });
        return result;
      });
      return c.json({ couponId: undone.couponId, undone: true as const }, 200);
    },
  );

  router.openapi(
    guardedRoute({ permission: "membership:coupons-read" }, {
      method: "get",
      path: "/coupons/redemptions",
      tags: [TAG],
      summary: "Redemptions, newest first: at one's own store for stores; every store's and car park's for operators",
      request: {
        query: z.object({
          storeId: z.string().uuid().optional(),
          templateId: z.string().uuid().optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
      responses: {
        200: {
          description: "Redemptions",
          content: { "application/json": { schema: z.object({ items: z.array(Redemption) }) } },
        },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const query = c.req.valid("query");
      const storeId = storeScope(c) ?? query.storeId;
      const items = await plugin.withTenant((tx) => listRedemptions(tx, { ...query, storeId }));
      return c.json({ items }, 200);
    },
  );

  router.openapi(
    guardedRoute({ permission: "membership:parking-coupons" }, {
      method: "post",
      path: "/coupons/parking-redemptions",
      tags: [TAG],
      summary: "A car park redeems a parking coupon at the exit; answers the free minutes",
      description: "Publishes membership.parking-coupon-redeemed { couponId, memberId, freeMinutes, reference, at } " +
        "for the parking plugin. The same code with the same reference (the parking session) again returns the " +
        "first answer.",
      request: {
        body: {
          content: {
            "application/json": {
              schema: z.object({
                code: z.string().trim().min(1, "scan or type the coupon code").max(40),
                reference: z.string().trim().min(1).max(100).optional().describe("the parking session"),
              }),
            },
          },
        },
      },
      responses: {
        200: {
          description: "Redeemed",
          content: {
            "application/json": {
              schema: z.object({
                couponId: z.string().uuid(),
                freeMinutes: z.number().int(),
                redeemedAt: z.string(),
                repeated: z.boolean(),
              }),
            },
          },
        },
        ...refusals,
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const body = c.req.valid("json");
      const result = await plugin.withTenant(async (tx) => {
        const redeemed = await redeemForParking(tx, plugin.tenantId, { ...body, actor: plugin.actor });
        if (!redeemed.repeated) {
          await plugin.audit.append(tx, {
            action: "membership.parking-coupon-redeem",
            target: `coupon:${redeemed.couponId}`,
            details: { redemptionId: redeemed.redemptionId, reference: body.reference ?? null },
          });
          await plugin.events.publish(tx, parkingCouponRedeemed, {
            couponId: redeemed.couponId,
            memberId: redeemed.memberId,
            freeMinutes: redeemed.freeMinutes!,
            reference: body.reference ?? null,
            at: redeemed.redeemedAt,
          });
        }
        return redeemed;
      });
      return c.json({
        couponId: result.couponId,
        freeMinutes: result.freeMinutes!,
        redeemedAt: result.redeemedAt,
        repeated: result.repeated,
      }, 200);
    },
  );
}
