/** The redemption log as staff see it: a store its own till's, the operator every store's and the car parks'. */
import type { MembershipTx } from "../context.ts";
import { maskCouponCode } from "./code.ts";

export interface RedemptionView {
  id: string;
  couponId: string;
  /** Masked: staff need to recognise a code, not to hold a usable one. */
  code: string;
  templateId: string;
  title: string;
  kind: "store" | "parking";
  storeId: string | null;
  reference: string | null;
  amountFen: number | null;
  discountFen: number;
  freeMinutes: number | null;
  redeemedBy: string;
  redeemedAt: string;
  undoneAt: string | null;
}

export async function listRedemptions(
  tx: MembershipTx,
  filter: { storeId?: string; templateId?: string; couponId?: string; limit: number },
): Promise<RedemptionView[]> {
  let query = tx.selectFrom("plugin_membership.coupon_redemptions as r")
    .innerJoin(
      "plugin_membership.coupons as c",
      (join) => join.onRef("c.tenant_id", "=", "r.tenant_id").onRef("c.id", "=", "r.coupon_id"),
    )
    .innerJoin(
      "plugin_membership.coupon_templates as t",
      (join) => join.onRef("t.tenant_id", "=", "c.tenant_id").onRef("t.id", "=", "c.template_id"),
    )
    .select([
      "r.id",
      "r.coupon_id",
      "c.code",
      "c.template_id",
      "t.title",
      "r.kind",
      "r.store_id",
      "r.reference",
      "r.amount_fen",
      "r.discount_fen",
      "r.free_minutes",
      "r.redeemed_by",
      "r.redeemed_at",
      "r.undone_at",
    ])
    .orderBy("r.redeemed_at", "desc").orderBy("r.id", "desc").limit(filter.limit);
  if (filter.storeId) query = query.where("r.store_id", "=", filter.storeId);
  if (filter.templateId) query = query.where("c.template_id", "=", filter.templateId);
  if (filter.couponId) query = query.where("r.coupon_id", "=", filter.couponId);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    couponId: row.coupon_id,
    code: maskCouponCode(row.code),
    templateId: row.template_id,
    title: row.title,
    kind: row.kind,
    storeId: row.store_id,
    reference: row.reference,
    amountFen: row.amount_fen,
    discountFen: row.discount_fen,
    freeMinutes: row.free_minutes,
    redeemedBy: row.redeemed_by,
    redeemedAt: row.redeemed_at.toISOString(),
    undoneAt: row.undone_at?.toISOString() ?? null,
  }));
}
