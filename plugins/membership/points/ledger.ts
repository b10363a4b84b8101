/**
 * The district-wide points ledger (联盟积分), as the other areas and this one's routes use it. Every function runs
 * in the caller's district transaction, so points move in the same commit as what they pay for (a coupon, a
 * redemption). Each takes an idempotency key: calling again with it returns the first result and changes nothing.
 *
 * Concurrency: every write locks the member's account row first (SELECT … FOR UPDATE), so writes for one member
 * queue; the balance is read under the lock, checked, and the row's CHECK (balance >= 0) is the last guard.
 */
import { ProblemError } from "../../../platform/sdk.ts";
import type { MembershipTx } from "../context.ts";
import { findMember } from "../members/members.ts";
import { districtPoints } from "./district.ts";
import { lotExpiry } from "./expiry-policy.ts";
import {
  type Consumed,
  expireLapsedLocked,
  lockAccount,
  priorEntry,
  writeCredit,
  writeDebit,
  type WrittenEntry,
} from "./ledger-write.ts";

export type { Consumed };

export interface LedgerResult {
  entryId: string;
  /** The member's balance right after the entry. */
  balance: number;
}

export interface SpendInput {
  memberId: string;
  points: number;
  /** The store where the points are redeemed; null for district rewards (e.g. a coupon of the district). */
  storeId: string | null;
  reason: string;
  idempotencyKey: string;
  actor: string;
}

export interface AwardInput {
  memberId: string;
  points: number;
  /** The origin of the points (who pays when they are redeemed at another store); null for the district. */
  storeId: string | null;
  kind: "earn" | "adjust";
  reason: string;
  idempotencyKey: string;
  actor: string;
  /** The sale receipt of an 'earn'. */
  receiptId?: string;
  /** When the lot expires; by default from the district's expiry policy. */
  expiresAt?: Date | null;
}

const MAX_POINTS = 100_000_000;

function checkInput(input: { points: number; reason: string; idempotencyKey: string }): void {
  if (!Number.isSafeInteger(input.points) || input.points <= 0 || input.points > MAX_POINTS) {
    throw new ProblemError(422, "Points must be a whole number above 0.", [
      { field: "points", message: `a whole number from 1 to ${MAX_POINTS}` },
    ]);
  }
  if (!input.reason.trim() || input.reason.length > 200) {
    throw new ProblemError(422, "Give a reason.", [{ field: "reason", message: "1 to 200 characters" }]);
  }
  if (!input.idempotencyKey || input.idempotencyKey.length > 600) {
    throw new ProblemError(422, "An idempotency key is needed.", [
      { field: "idempotencyKey", message: "1 to 600 characters" },
    ]);
  }
}

async function requireActiveMember(tx: MembershipTx, memberId: string): Promise<void> {
  const member = await findMember(tx, memberId);
  if (!member || member.status !== "active") throw new ProblemError(404, "No such member.");
}

/**
 * Takes points from the member's balance, oldest lots first. 409 when the balance is too low; nothing is written
 * then. The entry is a 'redeem' and is settled between stores (settlement.ts) at the rate of the day.
 */
export async function spendPoints(
  tx: MembershipTx,
  tenantId: string,
  input: SpendInput,
): Promise<LedgerResult & { consumed: Consumed[] }> {
  return await debit(tx, tenantId, { ...input, kind: "redeem" });
}

/** Credits points as a new lot ('earn' from a sale, 'adjust' for awards by hand); expires by the policy. */
export async function awardPoints(tx: MembershipTx, tenantId: string, input: AwardInput): Promise<LedgerResult> {
  checkInput(input);
  const prior = await priorEntry(tx, input.idempotencyKey);
  if (prior) return result(prior);
  await requireActiveMember(tx, input.memberId);
  let balance = await lockAccount(tx, tenantId, input.memberId);
  const again = await priorEntry(tx, input.idempotencyKey);
  if (again) return result(again);
  const now = new Date();
  balance = await expireLapsedLocked(tx, tenantId, input.memberId, balance, now);
  const district = await districtPoints(tx);
  const expiresAt = input.expiresAt !== undefined
    ? input.expiresAt
    : lotExpiry(district.settings, now, district.timeZone);
  return result(await writeCredit(tx, tenantId, balance, { ...input, expiresAt }));
}

/**
 * Takes points back by hand (an operator's negative adjustment): like spending, 409 when the balance is too low,
 * but not settled between stores.
 */
export async function deductPoints(
  tx: MembershipTx,
  tenantId: string,
  input: SpendInput,
): Promise<LedgerResult & { consumed: Consumed[] }> {
  return await debit(tx, tenantId, { ...input, kind: "adjust" });
}

async function debit(
  tx: MembershipTx,
  tenantId: string,
  input: SpendInput & { kind: "redeem" | "adjust" },
): Promise<LedgerResult & { consumed: Consumed[] }> {
  checkInput(input);
  const prior = await priorEntry(tx, input.idempotencyKey);
  if (prior) return { ...result(prior), consumed: prior.consumed };
  await requireActiveMember(tx, input.memberId);
  let balance = await lockAccount(tx, tenantId, input.memberId);
  const again = await priorEntry(tx, input.idempotencyKey);
  if (again) return { ...result(again), consumed: again.consumed };
  balance = await expireLapsedLocked(tx, tenantId, input.memberId, balance, new Date());
  if (balance < input.points) {
    throw new ProblemError(409, `Not enough points: the balance is ${balance}, ${input.points} were asked for.`);
  }
  const { settings } = await districtPoints(tx);
  const written = await writeDebit(tx, tenantId, balance, {
    ...input,
    lots: { oldestFirst: true },
    fenPerPoint: input.kind === "redeem" ? settings.pointsSettlementFenPerPoint : null,
  });
  return { ...result(written), consumed: written.consumed };
}

/**
 * Takes back up to `points` earned on a receipt (a refund), from that receipt's lot first, then oldest-first.
 * Never below zero: what the member already spent stays spent, and the answer says how much was taken.
 */
export async function reversePoints(
  tx: MembershipTx,
  tenantId: string,
  input: Omit<SpendInput, "storeId"> & { storeId: string; receiptId: string; lotEntryId: string | null },
): Promise<{ reversed: number; entryId: string | null; balance: number }> {
  const prior = await priorEntry(tx, input.idempotencyKey);
  if (prior) return { reversed: sumOf(prior.consumed), entryId: prior.entryId, balance: prior.balance };
  let balance = await lockAccount(tx, tenantId, input.memberId);
  balance = await expireLapsedLocked(tx, tenantId, input.memberId, balance, new Date());
  const points = Math.min(input.points, balance);
  if (points <= 0) return { reversed: 0, entryId: null, balance };
  const written = await writeDebit(tx, tenantId, balance, {
    ...input,
    points,
    kind: "reverse",
    lots: input.lotEntryId ? { preferLot: input.lotEntryId } : { oldestFirst: true },
    fenPerPoint: null,
  });
  return { reversed: sumOf(written.consumed), entryId: written.entryId, balance: written.balance };
}

/** The daily job's step: writes off the member's lots whose time has come; answers how many points lapsed. */
export async function expireLapsed(
  tx: MembershipTx,
  tenantId: string,
  memberId: string,
  now: Date,
): Promise<number> {
  const balance = await lockAccount(tx, tenantId, memberId);
  const after = await expireLapsedLocked(tx, tenantId, memberId, balance, now);
  return balance - after;
}

/**
 * What the member can spend now: the account's balance less lots past their expiry that the daily job has not
 * written off yet (they are written off before any spending).
 */
export async function balanceOf(tx: MembershipTx, memberId: string): Promise<number> {
  // One query after the other: a transaction is one connection.
  const account = await tx.selectFrom("plugin_membership.points_accounts").select("balance")
    .where("member_id", "=", memberId).executeTakeFirst();
  const lapsed = await tx.selectFrom("plugin_membership.points_lots")
    .select((eb) => eb.fn.coalesce(eb.fn.sum<string>("remaining"), eb.lit(0)).as("points"))
    .where("member_id", "=", memberId).where("remaining", ">", 0).where("expires_at", "<=", new Date())
    .executeTakeFirstOrThrow();
  return (account?.balance ?? 0) - Number(lapsed.points);
}

function result(entry: WrittenEntry): LedgerResult {
  return { entryId: entry.entryId, balance: entry.balance };
}

function sumOf(consumed: Consumed[]): number {
  return consumed.reduce((sum, c) => sum + c.points, 0);
}
