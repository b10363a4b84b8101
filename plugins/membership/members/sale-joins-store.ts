/**
 * 双会员 by paying (Xuzhou 7.3.3 "支付即成为商场和品牌的双会员"): a sale naming a member's card makes the member a
 * member of that store too. Refunds make nobody a member. Delivery is at-least-once and joining twice changes
 * nothing, so a redelivered event is harmless.
 */
import { onEvent, recordedSales, saleRecorded } from "../../../platform/sdk.ts";
import type { MembershipCtx } from "../context.ts";
import { joinStore } from "./members.ts";

export const saleJoinsStore = onEvent(
  saleRecorded,
  "members-sale-joins-store",
  async (ctx: MembershipCtx, event) => {
    await ctx.withTenant(async (tx) => {
      const sales = (await recordedSales(tx, event.payload, "with-member")).filter((sale) => !sale.refund);
      if (sales.length === 0) return;
      const refs = [...new Set(sales.map((sale) => sale.memberRef!))];
      const members = await tx.selectFrom("plugin_membership.members").select(["id", "member_ref"])
        .where("member_ref", "in", refs).where("status", "=", "active").execute();
      const byRef = new Map(members.map((member) => [member.member_ref, member.id]));
      for (const sale of sales) {
        const memberId = byRef.get(sale.memberRef!);
        if (memberId) await joinStore(tx, ctx.tenantId, memberId, sale.storeId, "sale");
      }
    });
  },
);
