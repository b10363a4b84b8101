/**
 * Points from sales (sale.recorded), online and offline alike (the Xuzhou standard §6.6.2: the same rights).
 *
 * Earning is once per store and receipt: the receipt's row in points_receipts and the ledger key
 * `earn:<store>:<receipt>` both stop a resent receipt — under the same or a new event id — from paying twice.
 *
 * A refund (refund: true) takes back points of its original receipt (refundOf, or else its own receiptId):
 *   refunded  = Σ refunds of the receipt, at most its amount
 *   taken     = ⌊earned × refunded / amount⌋, all of `earned` once everything is refunded
 * and this refund takes `taken` less what earlier refunds took, so partial refunds add up and never take more than
 * the receipt earned. Each refund counts once: by its own receiptId when it names refundOf, else by its receiptId,
 * time and amount. A refund that arrives before its sale is kept, and the sale is reversed as soon as it earns.
 * What the member already spent cannot be taken back (the balance never goes negative); it is recorded on the
 * receipt as unrecovered.
 */
import type { RecordedSale } from "../../../platform/sdk.ts";
import type { MembershipTx } from "../context.ts";
import { findMemberByRef } from "../members/members.ts";
import type { PointsSettings } from "./config.ts";
import { localDay } from "./days.ts";
import { earnBuckets, type EarnRule } from "./earn-calc.ts";
import { awardPoints, reversePoints } from "./ledger.ts";
import { lockAccount } from "./ledger-write.ts";
import { participates } from "./participation.ts";

export type Sale = RecordedSale;

export interface EarningContext {
  tenantId: string;
  settings: PointsSettings;
  timeZone: string;
  rules: EarnRule[];
  actor: string;
}

export type SaleOutcome =
  | { kind: "earned"; points: number }
  | { kind: "refunded"; reversed: number }
  | { kind: "skipped"; why: string };

export async function processSale(tx: MembershipTx, ctx: EarningContext, sale: Sale): Promise<SaleOutcome> {
  return sale.refund ? await recordRefund(tx, ctx, sale) : await earnForSale(tx, ctx, sale);
}

async function earnForSale(tx: MembershipTx, ctx: EarningContext, sale: Sale): Promise<SaleOutcome> {
  if (!sale.memberRef) return { kind: "skipped", why: "no member" };
  const member = await findMemberByRef(tx, sale.memberRef);
  if (!member || member.status !== "active") return { kind: "skipped", why: "not a member" };
  if (!await participates(tx, sale.storeId, ctx.settings.pointsStoresParticipateByDefault)) {
    return { kind: "skipped", why: "store not in the alliance" };
  }
  // Under the member's lock, so a receipt delivered twice at once is counted by the first and seen by the second.
  await lockAccount(tx, ctx.tenantId, member.id);
  const seen = await tx.selectFrom("plugin_membership.points_receipts").select("earned_points")
    .where("store_id", "=", sale.storeId).where("receipt_id", "=", sale.receiptId).executeTakeFirst();
  if (seen) return { kind: "skipped", why: "receipt already counted" };

  const level = member.levelId
    ? await tx.selectFrom("plugin_membership.levels").select("earn_multiplier").where("id", "=", member.levelId)
      .executeTakeFirst()
    : undefined;
  const at = new Date(sale.at);
  const buckets = earnBuckets(
    { storeId: sale.storeId, amountFen: sale.amountFen, paymentMethod: sale.paymentMethod, items: sale.items, at },
    ctx.rules,
    {
      defaultPointsPerYuan: ctx.settings.pointsDefaultPerYuan,
      levelMultiplier: level ? Number(level.earn_multiplier) : 1,
    },
  );
  const day = localDay(at, ctx.timeZone);
  let total = 0;
  for (const bucket of buckets) {
    let points = bucket.points;
    if (bucket.dailyCapPerMember !== null && points > 0) {
      const used = await tx.selectFrom("plugin_membership.points_rule_usage").select("points")
        .where("member_id", "=", member.id).where("rule_key", "=", bucket.ruleKey).where("day", "=", day)
        .executeTakeFirst();
      points = Math.max(0, Math.min(points, bucket.dailyCapPerMember - (used?.points ?? 0)));
    }
    if (points > 0) {
      await tx.insertInto("plugin_membership.points_rule_usage")
        .values({ tenant_id: ctx.tenantId, member_id: member.id, rule_key: bucket.ruleKey, day, points })
        .onConflict((oc) =>
          oc.columns(["tenant_id", "member_id", "rule_key", "day"])
            .doUpdateSet((eb) => ({ points: eb("plugin_membership.points_rule_usage.points", "+", points) }))
        ).execute();
    }
    total += points;
  }
  const entry = total > 0
    ? await awardPoints(tx, ctx.tenantId, {
      memberId: member.id,
      points: total,
      storeId: sale.storeId,
      kind: "earn",
      reason: `sale ${sale.receiptId}`,
      idempotencyKey: `earn:${sale.storeId}:${sale.receiptId}`,
      actor: ctx.actor,
      receiptId: sale.receiptId,
    })
    : undefined;
  await tx.insertInto("plugin_membership.points_receipts").values({
    tenant_id: ctx.tenantId,
    store_id: sale.storeId,
    receipt_id: sale.receiptId,
    member_id: member.id,
    amount_fen: sale.amountFen,
    earned_points: total,
    earn_entry_id: entry?.entryId ?? null,
    sold_at: at,
  }).execute();
  // Refunds that came first are applied now.
  await applyRefunds(tx, ctx, sale.storeId, sale.receiptId, "on-earn");
  return { kind: "earned", points: total };
}

function refundKey(sale: Sale): string {
  return sale.refundOf ? `own:${sale.receiptId}` : `same:${sale.receiptId}@${sale.at}:${sale.amountFen}`;
}

async function recordRefund(tx: MembershipTx, ctx: EarningContext, sale: Sale): Promise<SaleOutcome> {
  const original = sale.refundOf ?? sale.receiptId;
  const key = refundKey(sale);
  const recorded = await tx.insertInto("plugin_membership.points_refunds").values({
    tenant_id: ctx.tenantId,
    store_id: sale.storeId,
    refund_key: key,
    receipt_id: original,
    amount_fen: sale.amountFen,
  }).onConflict((oc) => oc.columns(["tenant_id", "store_id", "refund_key"]).doNothing()).returning("refund_key")
    .executeTakeFirst();
  if (!recorded) return { kind: "skipped", why: "refund already counted" };
  const reversed = await applyRefunds(tx, ctx, sale.storeId, original, key);
  return { kind: "refunded", reversed };
}

/** Brings the receipt's reversal up to what its refunds so far call for; answers the points taken now. */
async function applyRefunds(
  tx: MembershipTx,
  ctx: EarningContext,
  storeId: string,
  receiptId: string,
  cause: string,
): Promise<number> {
  const receipt = await tx.selectFrom("plugin_membership.points_receipts").selectAll()
    .where("store_id", "=", storeId).where("receipt_id", "=", receiptId).forUpdate().executeTakeFirst();
  if (!receipt || receipt.earned_points === 0) return 0;
  const refunds = await tx.selectFrom("plugin_membership.points_refunds")
    .select((eb) => eb.fn.coalesce(eb.fn.sum<string>("amount_fen"), eb.lit(0)).as("fen"))
    .where("store_id", "=", storeId).where("receipt_id", "=", receiptId).executeTakeFirstOrThrow();
  const amount = Number(receipt.amount_fen);
  const refunded = Math.min(Number(refunds.fen), amount);
  const target = refunded >= amount ? receipt.earned_points : Math.floor((receipt.earned_points * refunded) / amount);
  const due = target - receipt.reversed_points - receipt.unrecovered_points;
  if (due <= 0) {
    await tx.updateTable("plugin_membership.points_receipts").set({ refunded_fen: refunded })
      .where("store_id", "=", storeId).where("receipt_id", "=", receiptId).execute();
    return 0;
  }
  const reversal = await reversePoints(tx, ctx.tenantId, {
    memberId: receipt.member_id,
    points: due,
    storeId,
    receiptId,
    lotEntryId: receipt.earn_entry_id,
    reason: `refund of ${receiptId}`,
    idempotencyKey: `reverse:${storeId}:${receiptId}:${cause}`,
    actor: ctx.actor,
  });
  await tx.updateTable("plugin_membership.points_receipts").set({
    refunded_fen: refunded,
    reversed_points: receipt.reversed_points + reversal.reversed,
    unrecovered_points: receipt.unrecovered_points + (due - reversal.reversed),
  }).where("store_id", "=", storeId).where("receipt_id", "=", receiptId).execute();
  return reversal.reversed;
}
