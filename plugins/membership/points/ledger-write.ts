/**
 * The ledger's write steps, each run while the member's account row is locked (lockAccount): a credit makes an
 * entry and its lot; a debit makes an entry and takes its points from lots, oldest first, recording which lot (and
 * so which origin) gave how many. Every entry carries its writer's idempotency key; the public functions in
 * ledger.ts check for it before and after taking the lock, so a retry finds the first entry instead of a second.
 */
import { sql } from "kysely";
import { uuidv7 } from "../../../platform/sdk.ts";
import type { MembershipTx } from "../context.ts";
import type { DebitKind } from "./schema.ts";

export const EXPIRY_ACTOR = "system:points-expiry";

export interface Consumed {
  lotEntryId: string;
  originStoreId: string | null;
  points: number;
}

export interface WrittenEntry {
  entryId: string;
  balance: number;
  consumed: Consumed[];
}

/** Makes sure the member has an account row, locks it for this transaction and answers its balance. */
export async function lockAccount(tx: MembershipTx, tenantId: string, memberId: string): Promise<number> {
  await tx.insertInto("plugin_membership.points_accounts")
    .values({ tenant_id: tenantId, member_id: memberId, balance: 0 })
    .onConflict((oc) => oc.columns(["tenant_id", "member_id"]).doNothing()).execute();
  const row = await tx.selectFrom("plugin_membership.points_accounts").select("balance")
    .where("member_id", "=", memberId).forUpdate().executeTakeFirstOrThrow();
  return row.balance;
}

/** The entry written earlier under this key, with the balance right after it and the lots it took from. */
export async function priorEntry(tx: MembershipTx, idempotencyKey: string): Promise<WrittenEntry | undefined> {
  const entry = await tx.selectFrom("plugin_membership.points_ledger").select(["id", "balance_after"])
    .where("idempotency_key", "=", idempotencyKey).executeTakeFirst();
  if (!entry) return undefined;
  const consumed = await tx.selectFrom("plugin_membership.points_consumptions")
    .select(["lot_entry_id", "origin_store_id", "points"]).where("entry_id", "=", entry.id)
    .orderBy("lot_entry_id").execute();
  return {
    entryId: entry.id,
    balance: entry.balance_after,
    consumed: consumed.map((c) => ({ lotEntryId: c.lot_entry_id, originStoreId: c.origin_store_id, points: c.points })),
  };
}

interface EntryBase {
  memberId: string;
  points: number;
  storeId: string | null;
  reason: string;
  idempotencyKey: string;
  actor: string;
  receiptId?: string | null;
}

/**
 * Writes the entry unless its key is taken (then undefined: a concurrent writer of another member used it first).
 */
async function insertEntry(
  tx: MembershipTx,
  tenantId: string,
  entry: EntryBase & { kind: "earn" | DebitKind; signedPoints: number; balanceAfter: number },
): Promise<string | undefined> {
  const row = await tx.insertInto("plugin_membership.points_ledger").values({
    tenant_id: tenantId,
    id: uuidv7(),
    member_id: entry.memberId,
    kind: entry.kind,
    points: entry.signedPoints,
    store_id: entry.storeId,
    reason: entry.reason,
    idempotency_key: entry.idempotencyKey,
    actor: entry.actor,
    balance_after: entry.balanceAfter,
    receipt_id: entry.receiptId ?? null,
  }).onConflict((oc) => oc.columns(["tenant_id", "idempotency_key"]).doNothing()).returning("id")
    .executeTakeFirst();
  return row?.id;
}

async function setBalance(tx: MembershipTx, memberId: string, balance: number): Promise<void> {
  await tx.updateTable("plugin_membership.points_accounts").set({ balance, updated_at: new Date() })
    .where("member_id", "=", memberId).execute();
}

/** A credit: an entry and the lot it opens. The caller holds the lock and passes the balance it read. */
export async function writeCredit(
  tx: MembershipTx,
  tenantId: string,
  balance: number,
  credit: EntryBase & { kind: "earn" | "adjust"; expiresAt: Date | null },
): Promise<WrittenEntry> {
  const after = balance + credit.points;
  const entryId = await insertEntry(tx, tenantId, {
    ...credit,
    signedPoints: credit.points,
    balanceAfter: after,
  });
  if (!entryId) return (await priorEntry(tx, credit.idempotencyKey))!;
  await tx.insertInto("plugin_membership.points_lots").values({
    tenant_id: tenantId,
    entry_id: entryId,
    member_id: credit.memberId,
    origin_store_id: credit.storeId,
    points: credit.points,
    remaining: credit.points,
    expires_at: credit.expiresAt,
  }).execute();
  await setBalance(tx, credit.memberId, after);
  return { entryId, balance: after, consumed: [] };
}

export type LotChoice = { oldestFirst: true } | { preferLot: string } | { onlyLot: string };

/**
 * A debit of `points` (positive; the entry stores it negative). The caller holds the lock and has checked that the
 * balance covers it — the balance is always the sum of the open lots, so the lots cover it too.
 */
export async function writeDebit(
  tx: MembershipTx,
  tenantId: string,
  balance: number,
  debit: EntryBase & { kind: DebitKind; lots: LotChoice; fenPerPoint: number | null },
): Promise<WrittenEntry> {
  const after = balance - debit.points;
  if (after < 0) throw new Error(`debit of ${debit.points} exceeds the balance ${balance}`);
  const entryId = await insertEntry(tx, tenantId, { ...debit, signedPoints: -debit.points, balanceAfter: after });
  if (!entryId) return (await priorEntry(tx, debit.idempotencyKey))!;
  let query = tx.selectFrom("plugin_membership.points_lots")
    .select(["entry_id", "origin_store_id", "remaining"])
    .where("member_id", "=", debit.memberId).where("remaining", ">", 0);
  if ("onlyLot" in debit.lots) query = query.where("entry_id", "=", debit.lots.onlyLot);
  if ("preferLot" in debit.lots) query = query.orderBy(sql`entry_id = ${debit.lots.preferLot}`, "desc");
  const lots = await query.orderBy("earned_at").orderBy("entry_id").forUpdate().execute();
  let needed = debit.points;
  const consumed: Consumed[] = [];
  for (const lot of lots) {
    if (needed === 0) break;
    const take = Math.min(lot.remaining, needed);
    needed -= take;
    consumed.push({ lotEntryId: lot.entry_id, originStoreId: lot.origin_store_id, points: take });
    await tx.updateTable("plugin_membership.points_lots").set({ remaining: lot.remaining - take })
      .where("entry_id", "=", lot.entry_id).execute();
  }
  if (needed > 0) throw new Error(`lots of member ${debit.memberId} do not cover the debit (${needed} short)`);
  await tx.insertInto("plugin_membership.points_consumptions").values(consumed.map((c) => ({
    tenant_id: tenantId,
    entry_id: entryId,
    lot_entry_id: c.lotEntryId,
    points: c.points,
    origin_store_id: c.originStoreId,
    store_id: debit.storeId,
    kind: debit.kind,
    fen_per_point: debit.fenPerPoint,
  }))).execute();
  await setBalance(tx, debit.memberId, after);
  return { entryId, balance: after, consumed };
}

/**
 * Expires the member's lots whose time has come, one 'expire' entry per lot under the same key the daily job uses
 * (`expire:<lot>`), so whichever runs first writes it. Called under the lock before any other write, so points
 * past their expiry are never spent in the hours before the job runs. Answers the balance after. The entries are
 * the policy's doing, whoever's write found them, so their actor is the expiry's own.
 */
export async function expireLapsedLocked(
  tx: MembershipTx,
  tenantId: string,
  memberId: string,
  balance: number,
  now: Date,
): Promise<number> {
  const lapsed = await tx.selectFrom("plugin_membership.points_lots")
    .select(["entry_id", "remaining", "origin_store_id"])
    .where("member_id", "=", memberId).where("remaining", ">", 0).where("expires_at", "<=", now)
    .orderBy("earned_at").orderBy("entry_id").execute();
  for (const lot of lapsed) {
    const written = await writeDebit(tx, tenantId, balance, {
      kind: "expire",
      memberId,
      points: lot.remaining,
      storeId: null,
      reason: "points expired",
      idempotencyKey: `expire:${lot.entry_id}`,
      actor: EXPIRY_ACTOR,
      lots: { onlyLot: lot.entry_id },
      fenPerPoint: null,
    });
    balance = written.balance;
  }
  return balance;
}
