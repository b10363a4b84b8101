/**
 * Exchanging points for a coupon (积分兑换): the coupon is issued and the points spent in the caller's one
 * transaction, under one idempotency key, so the member gets both or neither — a refused spend (too few points)
 * rolls the issue back, a refused issue (limit reached) spends nothing, and a retried request returns the same
 * coupon without spending again.
 */
import { ProblemError } from "../../../platform/sdk.ts";
import type { MembershipTx } from "../context.ts";
import { spendPoints } from "../points/ledger.ts";
import { issueCoupon, type IssuedCoupon } from "./issue.ts";

export async function exchangePointsForCoupon(
  tx: MembershipTx,
  tenantId: string,
  request: { templateId: string; memberId: string; idempotencyKey: string; actor: string },
): Promise<{ coupon: IssuedCoupon; pointsSpent: number; balance: number }> {
  const template = await tx.selectFrom("plugin_membership.coupon_templates")
    .select(["id", "title", "points_cost", "owner_store_id"])
    .where("id", "=", request.templateId).executeTakeFirst();
  if (!template) throw new ProblemError(404, "There is no such coupon.");
  if (template.points_cost === null) throw new ProblemError(409, "This coupon cannot be exchanged for points.");
  const coupon = await issueCoupon(tx, tenantId, { ...request, source: "points" });
  // The ledger's keys are unique in the district, so the key names the member and the template too; the points
  // are spent at the store that gives the coupon (it is owed for them in settlement), or the district's.
  const spent = await spendPoints(tx, tenantId, {
    memberId: request.memberId,
    points: template.points_cost,
    storeId: template.owner_store_id,
    reason: `coupon: ${template.title}`,
    idempotencyKey: `coupons:exchange:${request.memberId}:${template.id}:${request.idempotencyKey}`,
    actor: request.actor,
  });
  return { coupon, pointsSpent: template.points_cost, balance: spent.balance };
}
