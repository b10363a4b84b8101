/**
 * The points area's part in data-subject requests (PIPL arts. 45 and 47). The subject is a member, by member id.
 * Export: the balance, every ledger entry and the receipts that earned points. Erase: the ledger is the district's
 * accounting between stores and is append-only, so it stays — it names only the member id, whose row the members
 * area turns into an anonymous stub — but the account is closed: what is left is written off (an 'adjust' entry,
 * not settled between stores), and the per-day earning counters go.
 */
import type { SubjectRightsHandler } from "../../../platform/sdk.ts";
import type { MembershipTx } from "../context.ts";
import { expireLapsedLocked, lockAccount, writeDebit } from "./ledger-write.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// The registry hands the core's transaction type; the plugin's tables are in the same database.
const asMembership = (tx: unknown) => tx as MembershipTx;

export const pointsSubjectRights: SubjectRightsHandler = {
  id: "membership.points",
  async export(coreTx, subject) {
    if (!UUID.test(subject.id)) return { balance: 0, entries: [], receipts: [] };
    const tx = asMembership(coreTx);
    const account = await tx.selectFrom("plugin_membership.points_accounts").select("balance")
      .where("member_id", "=", subject.id).executeTakeFirst();
    const entries = await tx.selectFrom("plugin_membership.points_ledger")
      .select(["id", "kind", "points", "store_id", "reason", "balance_after", "created_at"])
      .where("member_id", "=", subject.id).orderBy("created_at").orderBy("id").execute();
    const receipts = await tx.selectFrom("plugin_membership.points_receipts")
      .select(["store_id", "receipt_id", "amount_fen", "earned_points", "refunded_fen", "reversed_points", "sold_at"])
      .where("member_id", "=", subject.id).orderBy("sold_at").execute();
    return {
      balance: account?.balance ?? 0,
      entries: entries.map((e) => ({
        id: e.id,
        kind: e.kind,
        points: e.points,
        storeId: e.store_id,
        reason: e.reason,
        balanceAfter: e.balance_after,
        at: new Date(e.created_at).toISOString(),
      })),
      receipts: receipts.map((r) => ({
        storeId: r.store_id,
        receiptId: r.receipt_id,
        amountFen: Number(r.amount_fen),
        earnedPoints: r.earned_points,
        refundedFen: Number(r.refunded_fen),
        reversedPoints: r.reversed_points,
        soldAt: new Date(r.sold_at).toISOString(),
      })),
    };
  },
  async erase(coreTx, subject) {
    if (!UUID.test(subject.id)) return { affected: 0 };
    const tx = asMembership(coreTx);
    const account = await tx.selectFrom("plugin_membership.points_accounts").select("tenant_id")
      .where("member_id", "=", subject.id).executeTakeFirst();
    if (!account) return { affected: 0 };
    const tenantId = account.tenant_id;
    let affected = 0;
    let balance = await lockAccount(tx, tenantId, subject.id);
    balance = await expireLapsedLocked(tx, tenantId, subject.id, balance, new Date());
    if (balance > 0) {
      await writeDebit(tx, tenantId, balance, {
        kind: "adjust",
        memberId: subject.id,
        points: balance,
        storeId: null,
        reason: "account closed on erasure",
        idempotencyKey: `erased:${subject.id}`,
        actor: "system:erasure",
        lots: { oldestFirst: true },
        fenPerPoint: null,
      });
      affected++;
    }
    const usage = await tx.deleteFrom("plugin_membership.points_rule_usage").where("member_id", "=", subject.id)
      .executeTakeFirst();
    return { affected: affected + Number(usage.numDeletedRows) };
  },
};
