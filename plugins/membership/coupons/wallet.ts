/**
 * The member's side: their coupons (卡包), grouped as usable, used and expired, and the coupons they may claim
 * online or exchange for points.
 */
import type { MembershipTx } from "../context.ts";
import type { CouponTerms } from "./discount.ts";
import { effectiveStatus } from "./redeem.ts";
import { type TemplateRow, termsOf, type TermsRow } from "./templates.ts";

/**
 * Where each template's coupons are valid, as store names for members: the owner store, the listed stores, or
 * none listed (every store of the alliance).
 */
async function validAtNames(
  tx: MembershipTx,
  templates: { id: string; owner_store_id: string | null }[],
): Promise<Map<string, string[]>> {
  const names = new Map<string, string[]>();
  if (!templates.length) return names;
  const listed = await tx.selectFrom("plugin_membership.coupon_template_stores as s")
    .innerJoin(
      "core.organisations as o",
      (join) => join.onRef("o.tenant_id", "=", "s.tenant_id").onRef("o.id", "=", "s.store_id"),
    )
    .select(["s.template_id", "o.name"]).where("s.template_id", "in", templates.map((t) => t.id))
    .orderBy("o.name").execute();
  for (const row of listed) names.set(row.template_id, [...(names.get(row.template_id) ?? []), row.name]);
  const owners = [...new Set(templates.map((t) => t.owner_store_id).filter((id): id is string => id !== null))];
  if (owners.length) {
    const stores = await tx.selectFrom("core.organisations").select(["id", "name"]).where("id", "in", owners).execute();
    const byId = new Map(stores.map((store) => [store.id, store.name]));
    for (const template of templates) {
      if (template.owner_store_id) names.set(template.id, [byId.get(template.owner_store_id) ?? ""]);
    }
  }
  return names;
}

/** What a coupon gives and where, as members see it both in their wallet and among the offers. */
interface CouponFace extends CouponTerms {
  title: string;
  description: string | null;
  ownerStoreId: string | null;
  /** Names of the stores where it is valid; empty: every store of the alliance. */
  validAt: string[];
}

function faceOf(
  row: Pick<TemplateRow, "title" | "description" | "owner_store_id"> & TermsRow,
  validAt: string[],
): CouponFace {
  return {
    title: row.title,
    description: row.description,
    ...termsOf(row),
    ownerStoreId: row.owner_store_id,
    validAt,
  };
}

export interface WalletCoupon extends CouponFace {
  id: string;
  templateId: string;
  code: string;
  status: "active" | "redeemed" | "expired";
  validFrom: string;
  validUntil: string;
  issuedAt: string;
  redeemedAt: string | null;
}

export async function walletOf(
  tx: MembershipTx,
  memberId: string,
): Promise<{ active: WalletCoupon[]; used: WalletCoupon[]; expired: WalletCoupon[] }> {
  const rows = await tx.selectFrom("plugin_membership.coupons as c")
    .innerJoin(
      "plugin_membership.coupon_templates as t",
      (join) => join.onRef("t.tenant_id", "=", "c.tenant_id").onRef("t.id", "=", "c.template_id"),
    )
    .select([
      "c.id",
      "c.template_id",
      "c.code",
      "c.status",
      "c.valid_from",
      "c.valid_until",
      "c.issued_at",
      "c.redeemed_at",
      "t.title",
      "t.description",
      "t.kind",
      "t.amount_off_fen",
      "t.percent_off",
      "t.max_discount_fen",
      "t.gift_description",
      "t.free_minutes",
      "t.min_spend_fen",
      "t.owner_store_id",
    ])
    .where("c.member_id", "=", memberId).where("c.status", "<>", "void")
    .orderBy("c.valid_until").orderBy("c.id").execute();
  const now = new Date();
  const where = await validAtNames(
    tx,
    [...new Map(rows.map((row) => [row.template_id, row])).values()]
      .map((row) => ({ id: row.template_id, owner_store_id: row.owner_store_id })),
  );
  const wallet = { active: [] as WalletCoupon[], used: [] as WalletCoupon[], expired: [] as WalletCoupon[] };
  for (const row of rows) {
    const status = effectiveStatus(row, now) as WalletCoupon["status"];
    const coupon: WalletCoupon = {
      id: row.id,
      templateId: row.template_id,
      code: row.code,
      ...faceOf(row, where.get(row.template_id) ?? []),
      status,
      validFrom: row.valid_from.toISOString(),
      validUntil: row.valid_until.toISOString(),
      issuedAt: row.issued_at.toISOString(),
      redeemedAt: row.redeemed_at?.toISOString() ?? null,
    };
    (status === "active" ? wallet.active : status === "redeemed" ? wallet.used : wallet.expired).push(coupon);
  }
  return wallet;
}

export interface OfferedCoupon extends CouponFace {
  templateId: string;
  validFrom: string | null;
  validUntil: string | null;
  validDays: number | null;
  claimable: boolean;
  pointsCost: number | null;
  /** null: no total limit. */
  remaining: number | null;
  perMemberLimit: number;
  /** How many the signed-in member holds (null when nobody is signed in). */
  held: number | null;
}

/** Active templates members may claim or exchange for points, not ended and not given out. */
export async function offeredCoupons(tx: MembershipTx, memberId: string | undefined): Promise<OfferedCoupon[]> {
  const now = new Date();
  const rows = await tx.selectFrom("plugin_membership.coupon_templates").selectAll()
    .where("status", "=", "active")
    .where((eb) => eb.or([eb("claimable", "=", true), eb("points_cost", "is not", null)]))
    .where((eb) => eb.or([eb("valid_until", "is", null), eb("valid_until", ">", now)]))
    .where((eb) => eb.or([eb("total_limit", "is", null), eb("issued_count", "<", eb.ref("total_limit"))]))
    .orderBy("created_at", "desc").execute();
  const held = new Map<string, number>();
  if (memberId && rows.length) {
    const counts = await tx.selectFrom("plugin_membership.coupons")
      .select((eb) => ["template_id", eb.fn.countAll<string>().as("n")])
      .where("member_id", "=", memberId).where("status", "<>", "void")
      .where("template_id", "in", rows.map((row) => row.id)).groupBy("template_id").execute();
    for (const count of counts) held.set(count.template_id, Number(count.n));
  }
  const where = await validAtNames(tx, rows);
  return rows.map((row) => ({
    templateId: row.id,
    ...faceOf(row, where.get(row.id) ?? []),
    validFrom: row.valid_from?.toISOString() ?? null,
    validUntil: row.valid_until?.toISOString() ?? null,
    validDays: row.valid_days,
    claimable: row.claimable,
    pointsCost: row.points_cost,
    remaining: row.total_limit === null ? null : row.total_limit - row.issued_count,
    perMemberLimit: row.per_member_limit,
    held: memberId ? held.get(row.id) ?? 0 : null,
  }));
}
