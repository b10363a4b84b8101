/**
 * Redeeming coupons (核销): at a store's till, by scanning or typing the code, and at a car park's exit for parking
 * coupons. The coupon's row is locked (`for update`) before it is checked, so when two cashiers scan one code at
 * the same moment the second waits, then sees it redeemed and is refused (409); a unique index on the redemption
 * in force is the second line of defence. The same till asking again for the same receipt (a retry after a lost
 * answer) gets the first redemption back instead of a refusal.
 */
import type { Selectable } from "kysely";
import { ProblemError, uuidv7 } from "../../../platform/sdk.ts";
import type { MembershipTx } from "../context.ts";
import { normalizeCouponCode } from "./code.ts";
import { couponValue } from "./discount.ts";
import type { CouponsTables } from "./schema.ts";
import { termsOf, validAtStore } from "./templates.ts";

type CouponRow = Selectable<CouponsTables["plugin_membership.coupons"]>;
type RedemptionRow = Selectable<CouponsTables["plugin_membership.coupon_redemptions"]>;

export interface RedemptionResult {
  redemptionId: string;
  couponId: string;
  templateId: string;
  memberId: string | null;
  title: string;
  kind: "amount" | "percent" | "gift" | "parking";
  storeId: string | null;
  discountFen: number;
  payableFen: number | null;
  gift: string | null;
  freeMinutes: number | null;
  redeemedAt: string;
  /** True when this answers a repeated request with the redemption made the first time. */
  repeated: boolean;
}

/** Why a coupon cannot be used now (or null): the words the till and the member see. */
export type CouponRefusal = "redeemed" | "expired" | "void" | "not-yet-valid" | "wrong-store" | "parking";

const REFUSAL_TEXT: Record<CouponRefusal, string> = {
  "redeemed": "This coupon has already been used.",
  "expired": "This coupon has expired.",
  "void": "This coupon is no longer valid.",
  "not-yet-valid": "This coupon is not valid yet.",
  "wrong-store": "This coupon cannot be used at this store.",
  "parking": "A parking coupon is used at the car park's exit, not at a till.",
};

export function refusalProblem(reason: CouponRefusal): ProblemError {
  return new ProblemError(409, REFUSAL_TEXT[reason], undefined, `urn:district:membership:coupon:${reason}`);
}

/** The coupon of a typed or scanned code, locked for the caller's transaction; 422 for a malformed code. */
export async function lockCouponByCode(tx: MembershipTx, input: string, lock = true): Promise<CouponRow> {
  const code = normalizeCouponCode(input);
  if (!code) {
    throw new ProblemError(422, "This is not a coupon code.", [
      { field: "code", message: "not a coupon code: check the characters" },
    ]);
  }
  let query = tx.selectFrom("plugin_membership.coupons").selectAll().where("code", "=", code);
  if (lock) query = query.forUpdate();
  const coupon = await query.executeTakeFirst();
  if (!coupon) throw new ProblemError(404, "There is no coupon with this code in the district.");
  return coupon;
}

/** The state of the coupon at `now`, before the nightly job has caught up with it. */
export function effectiveStatus(coupon: Pick<CouponRow, "status" | "valid_until">, now = new Date()) {
  return coupon.status === "active" && coupon.valid_until <= now ? "expired" : coupon.status;
}

/** Why the coupon cannot be used now, checking what depends on time and state (not the store). */
export function stateRefusal(coupon: CouponRow, now: Date): CouponRefusal | null {
  const status = effectiveStatus(coupon, now);
  if (status !== "active") return status;
  if (coupon.valid_from > now) return "not-yet-valid";
  return null;
}

async function templateOf(tx: MembershipTx, templateId: string) {
  return await tx.selectFrom("plugin_membership.coupon_templates").selectAll().where("id", "=", templateId)
    .executeTakeFirstOrThrow();
}

function resultOf(
  redemption: RedemptionRow,
  coupon: CouponRow,
  template: { title: string; kind: RedemptionResult["kind"]; gift_description: string | null },
  repeated: boolean,
): RedemptionResult {
  return {
    redemptionId: redemption.id,
    couponId: coupon.id,
    templateId: coupon.template_id,
    memberId: coupon.member_id,
    title: template.title,
    kind: template.kind,
    storeId: redemption.store_id,
    discountFen: redemption.discount_fen,
    payableFen: redemption.amount_fen === null ? null : redemption.amount_fen - redemption.discount_fen,
    gift: template.kind === "gift" ? template.gift_description : null,
    freeMinutes: redemption.free_minutes,
    redeemedAt: redemption.redeemed_at.toISOString(),
    repeated,
  };
}

async function redemptionInForce(tx: MembershipTx, couponId: string): Promise<RedemptionRow | undefined> {
  return await tx.selectFrom("plugin_membership.coupon_redemptions").selectAll()
    .where("coupon_id", "=", couponId).where("undone_at", "is", null).executeTakeFirst();
}

async function markRedeemed(
  tx: MembershipTx,
  tenantId: string,
  coupon: CouponRow,
  redemption: Omit<RedemptionRow, "tenant_id" | "id" | "coupon_id" | "redeemed_at" | "undone_at" | "undone_by">,
  now: Date,
): Promise<RedemptionRow> {
  const updated = await tx.updateTable("plugin_membership.coupons").set({ status: "redeemed", redeemed_at: now })
    .where("id", "=", coupon.id).where("status", "=", "active").executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw refusalProblem("redeemed");
  return await tx.insertInto("plugin_membership.coupon_redemptions").values({
    tenant_id: tenantId,
    id: uuidv7(),
    coupon_id: coupon.id,
    redeemed_at: now,
    ...redemption,
  }).returningAll().executeTakeFirstOrThrow();
}

export interface StoreRedemptionRequest {
  code: string;
  storeId: string;
  receiptId?: string;
  amountFen?: number;
  actor: string;
}

/** Redeems the coupon at the store's till: checks state, window, store and minimum spend, answers the discount. */
export async function redeemAtStore(
  tx: MembershipTx,
  tenantId: string,
  request: StoreRedemptionRequest,
): Promise<RedemptionResult> {
  const coupon = await lockCouponByCode(tx, request.code);
  const template = await templateOf(tx, coupon.template_id);
  if (coupon.status === "redeemed" && request.receiptId) {
    const earlier = await redemptionInForce(tx, coupon.id);
    if (earlier?.kind === "store" && earlier.store_id === request.storeId && earlier.reference === request.receiptId) {
      return resultOf(earlier, coupon, template, true);
    }
  }
  const now = new Date();
  const refusal = stateRefusal(coupon, now);
  if (refusal) throw refusalProblem(refusal);
  if (template.kind === "parking") {
    throw new ProblemError(422, REFUSAL_TEXT.parking, [{ field: "code", message: "a parking coupon" }]);
  }
  if (!(await validAtStore(tx, template, request.storeId))) throw refusalProblem("wrong-store");
  const value = couponValue(termsOf(template), request.amountFen);
  const redemption = await markRedeemed(tx, tenantId, coupon, {
    kind: "store",
    store_id: request.storeId,
    reference: request.receiptId ?? null,
    amount_fen: request.amountFen ?? null,
    discount_fen: value.discountFen,
    free_minutes: null,
    redeemed_by: request.actor,
  }, now);
  return resultOf(redemption, coupon, template, false);
}

/**
 * Redeems a parking coupon for the district's car parks; `reference` (the parking session) makes a retry return
 * the same answer.
 */
export async function redeemForParking(
  tx: MembershipTx,
  tenantId: string,
  request: { code: string; reference?: string; actor: string },
): Promise<RedemptionResult> {
  const coupon = await lockCouponByCode(tx, request.code);
  const template = await templateOf(tx, coupon.template_id);
  if (template.kind !== "parking") {
    throw new ProblemError(422, "This is not a parking coupon.", [{ field: "code", message: "not a parking coupon" }]);
  }
  if (coupon.status === "redeemed" && request.reference) {
    const earlier = await redemptionInForce(tx, coupon.id);
    if (earlier?.kind === "parking" && earlier.reference === request.reference) {
      return resultOf(earlier, coupon, template, true);
    }
  }
  const now = new Date();
  const refusal = stateRefusal(coupon, now);
  if (refusal) throw refusalProblem(refusal);
  const redemption = await markRedeemed(tx, tenantId, coupon, {
    kind: "parking",
    store_id: null,
    reference: request.reference ?? null,
    amount_fen: null,
    discount_fen: 0,
    free_minutes: template.free_minutes,
    redeemed_by: request.actor,
  }, now);
  return resultOf(redemption, coupon, template, false);
}

/**
 * Undoes a store redemption (a mistaken scan, a cancelled sale) within `windowMinutes` of it, by the store that
 * made it (`storeId`; undefined for the operator). The coupon becomes usable again until its own end.
 */
export async function undoRedemption(
  tx: MembershipTx,
  request: { redemptionId: string; storeId?: string; windowMinutes: number; actor: string },
): Promise<{ couponId: string; storeId: string }> {
  const found = await tx.selectFrom("plugin_membership.coupon_redemptions").select(["coupon_id", "store_id"])
    .where("id", "=", request.redemptionId).executeTakeFirst();
  if (!found || (request.storeId && found.store_id !== request.storeId)) {
    throw new ProblemError(404, "There is no such redemption.");
  }
  // Lock the coupon first, as redeeming does, so an undo and a redemption of one coupon queue in one order.
  await tx.selectFrom("plugin_membership.coupons").select("id").where("id", "=", found.coupon_id).forUpdate()
    .execute();
  const redemption = await tx.selectFrom("plugin_membership.coupon_redemptions").selectAll()
    .where("id", "=", request.redemptionId).executeTakeFirstOrThrow();
  if (redemption.kind !== "store") throw new ProblemError(409, "A car park's redemption cannot be undone here.");
  if (redemption.undone_at) throw new ProblemError(409, "This redemption has already been undone.");
  const now = new Date();
  if (now.getTime() - redemption.redeemed_at.getTime() > request.windowMinutes * 60_000) {
    throw new ProblemError(409, `A redemption can be undone within ${request.windowMinutes} minutes only.`);
  }
  await tx.updateTable("plugin_membership.coupon_redemptions").set({ undone_at: now, undone_by: request.actor })
    .where("id", "=", redemption.id).execute();
  await tx.updateTable("plugin_membership.coupons").set({ status: "active", redeemed_at: null })
    .where("id", "=", redemption.coupon_id).execute();
  return { couponId: redemption.coupon_id, storeId: redemption.store_id! };
}
