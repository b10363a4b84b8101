/**
 * Coupon templates: what a coupon gives, where and when it is valid, how many may be issued. The operator's
 * templates are for the district (all its stores, or the ones listed); a store's are valid at that store only and
 * only that store's people manage them.
 */
import type { Selectable } from "kysely";
import { ProblemError, uuidv7 } from "../../../platform/sdk.ts";
import type { MembershipTx } from "../context.ts";
import { districtPoints } from "../points/district.ts";
import { participates } from "../points/participation.ts";
import type { CouponTerms } from "./discount.ts";
import type { CouponKind, CouponsTables } from "./schema.ts";

export type TemplateRow = Selectable<CouponsTables["plugin_membership.coupon_templates"]>;

export interface NewTemplate {
  title: string;
  description?: string;
  kind: CouponKind;
  amountOffFen?: number;
  percentOff?: number;
  maxDiscountFen?: number;
  giftDescription?: string;
  freeMinutes?: number;
  minSpendFen?: number;
  validFrom?: string;
  validUntil?: string;
  validDays?: number;
  totalLimit?: number;
  perMemberLimit?: number;
  pointsCost?: number;
  claimable?: boolean;
  /** An operator's template: the stores where it is valid; none: all of the district's. */
  storeIds?: string[];
}

export interface TemplateView extends CouponTerms {
  id: string;
  ownerStoreId: string | null;
  title: string;
  description: string | null;
  validFrom: string | null;
  validUntil: string | null;
  validDays: number | null;
  totalLimit: number | null;
  perMemberLimit: number;
  issuedCount: number;
  pointsCost: number | null;
  claimable: boolean;
  status: "active" | "paused";
  /** Where it is valid: the owner store, the listed stores, or empty for every store of the district. */
  storeIds: string[];
  createdAt: string;
}

/** The columns a coupon's terms come from: a template row, or a coupon row joined to its template. */
export type TermsRow = Pick<
  TemplateRow,
  "kind" | "amount_off_fen" | "percent_off" | "max_discount_fen" | "gift_description" | "free_minutes" | "min_spend_fen"
>;

export function termsOf(row: TermsRow): CouponTerms {
  return {
    kind: row.kind,
    amountOffFen: row.amount_off_fen,
    percentOff: row.percent_off,
    maxDiscountFen: row.max_discount_fen,
    giftDescription: row.gift_description,
    freeMinutes: row.free_minutes,
    minSpendFen: row.min_spend_fen,
  };
}

function toView(row: TemplateRow, storeIds: string[]): TemplateView {
  return {
    id: row.id,
    ownerStoreId: row.owner_store_id,
    title: row.title,
    description: row.description,
    ...termsOf(row),
    validFrom: row.valid_from?.toISOString() ?? null,
    validUntil: row.valid_until?.toISOString() ?? null,
    validDays: row.valid_days,
    totalLimit: row.total_limit,
    perMemberLimit: row.per_member_limit,
    issuedCount: row.issued_count,
    pointsCost: row.points_cost,
    claimable: row.claimable,
    status: row.status,
    storeIds: row.owner_store_id ? [row.owner_store_id] : storeIds,
    createdAt: row.created_at.toISOString(),
  };
}

async function requireStores(tx: MembershipTx, storeIds: string[]): Promise<void> {
  if (!storeIds.length) return;
  const found = await tx.selectFrom("core.organisations").select("id").where("id", "in", storeIds)
    .where("kind", "=", "store").execute();
  const known = new Set(found.map((row) => row.id));
  const index = storeIds.findIndex((id) => !known.has(id));
  if (index >= 0) {
    throw new ProblemError(422, "No such store in this district.", [
      { field: `storeIds.${index}`, message: "no such store in this district" },
    ]);
  }
}

/** Creates a template; `ownerStoreId` set makes it the store's own, valid there only. */
export async function createTemplate(
  tx: MembershipTx,
  tenantId: string,
  input: NewTemplate,
  by: { ownerStoreId: string | null; actor: string },
): Promise<TemplateView> {
  if (by.ownerStoreId && input.storeIds?.length) {
    throw new ProblemError(422, "A store's coupon is valid at that store only.", [
      { field: "storeIds", message: "a store's coupon is valid at that store only" },
    ]);
  }
  const storeIds = [...new Set(input.storeIds ?? [])];
  await requireStores(tx, storeIds);
  const id = uuidv7();
  const row = await tx.insertInto("plugin_membership.coupon_templates").values({
    tenant_id: tenantId,
    id,
    owner_store_id: by.ownerStoreId,
    title: input.title,
    description: input.description ?? null,
    kind: input.kind,
    amount_off_fen: input.kind === "amount" ? input.amountOffFen! : null,
    percent_off: input.kind === "percent" ? input.percentOff! : null,
    max_discount_fen: input.kind === "percent" ? input.maxDiscountFen! : null,
    gift_description: input.kind === "gift" ? input.giftDescription! : null,
    free_minutes: input.kind === "parking" ? input.freeMinutes! : null,
    min_spend_fen: input.kind === "parking" ? 0 : input.minSpendFen ?? 0,
    valid_from: input.validFrom ?? null,
    valid_until: input.validUntil ?? null,
    valid_days: input.validDays ?? null,
    total_limit: input.totalLimit ?? null,
    per_member_limit: input.perMemberLimit ?? 1,
    points_cost: input.pointsCost ?? null,
    claimable: input.claimable ?? false,
    created_by: by.actor,
  }).returningAll().executeTakeFirstOrThrow();
  if (storeIds.length) {
    await tx.insertInto("plugin_membership.coupon_template_stores")
      .values(storeIds.map((storeId) => ({ tenant_id: tenantId, template_id: id, store_id: storeId })))
      .execute();
  }
  return toView(row, storeIds);
}

async function storeListsOf(tx: MembershipTx, templateIds: string[]): Promise<Map<string, string[]>> {
  const lists = new Map<string, string[]>();
  if (!templateIds.length) return lists;
  const rows = await tx.selectFrom("plugin_membership.coupon_template_stores").select(["template_id", "store_id"])
    .where("template_id", "in", templateIds).orderBy("store_id").execute();
  for (const row of rows) lists.set(row.template_id, [...(lists.get(row.template_id) ?? []), row.store_id]);
  return lists;
}

/**
 * Templates as their manager sees them: a store's own (`ownerStoreId`), or, for the operator (`undefined`), all of
 * the district's.
 */
export async function listTemplates(tx: MembershipTx, ownerStoreId: string | undefined): Promise<TemplateView[]> {
  let query = tx.selectFrom("plugin_membership.coupon_templates").selectAll().orderBy("created_at", "desc");
  if (ownerStoreId) query = query.where("owner_store_id", "=", ownerStoreId);
  const rows = await query.execute();
  const stores = await storeListsOf(tx, rows.map((row) => row.id));
  return rows.map((row) => toView(row, stores.get(row.id) ?? []));
}

/** The template, if the manager may see it (a store sees its own only). */
export async function findTemplate(
  tx: MembershipTx,
  templateId: string,
  ownerStoreId?: string,
): Promise<TemplateView | undefined> {
  let query = tx.selectFrom("plugin_membership.coupon_templates").selectAll().where("id", "=", templateId);
  if (ownerStoreId) query = query.where("owner_store_id", "=", ownerStoreId);
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  return toView(row, (await storeListsOf(tx, [row.id])).get(row.id) ?? []);
}

/** Pauses or resumes issuing; 404 for a template the manager may not see. Returns whether it changed. */
export async function setTemplateStatus(
  tx: MembershipTx,
  templateId: string,
  status: "active" | "paused",
  ownerStoreId?: string,
): Promise<boolean> {
  const template = await findTemplate(tx, templateId, ownerStoreId);
  if (!template) throw new ProblemError(404, "There is no such coupon template.");
  if (template.status === status) return false;
  await tx.updateTable("plugin_membership.coupon_templates").set({ status, updated_at: new Date() })
    .where("id", "=", templateId).execute();
  return true;
}

/** Whether a coupon of the template may be used at the store (a closed store takes none). */
export async function validAtStore(
  tx: MembershipTx,
  template: { id: string; owner_store_id: string | null },
  storeId: string,
): Promise<boolean> {
  if (template.owner_store_id) return template.owner_store_id === storeId;
  const listed = await tx.selectFrom("plugin_membership.coupon_template_stores").select("store_id")
    .where("template_id", "=", template.id).execute();
  if (listed.length) return listed.some((row) => row.store_id === storeId);
  // None listed: every store of the alliance (积分联盟), as the points area decides who takes part.
  const { settings } = await districtPoints(tx);
  return (await participates(tx, storeId, settings.pointsStoresParticipateByDefault)) === true;
}

export interface TemplateStats {
  issued: number;
  active: number;
  redeemed: number;
  expired: number;
  void: number;
}

/** Coupons per status of each template; a coupon past its end counts as expired before the nightly job marks it. */
export async function templateStats(tx: MembershipTx, templateIds: string[]): Promise<Map<string, TemplateStats>> {
  const stats = new Map<string, TemplateStats>();
  for (const id of templateIds) stats.set(id, { issued: 0, active: 0, redeemed: 0, expired: 0, void: 0 });
  if (!templateIds.length) return stats;
  const now = new Date();
  const rows = await tx.selectFrom("plugin_membership.coupons")
    .select((eb) => [
      "template_id",
      eb.fn.countAll<string>().as("issued"),
      eb.fn.count<string>("id").filterWhere("status", "=", "redeemed").as("redeemed"),
      eb.fn.count<string>("id").filterWhere("status", "=", "void").as("void"),
      eb.fn.count<string>("id").filterWhere((w) =>
        w.or([
          w("status", "=", "expired"),
          w.and([w("status", "=", "active"), w("valid_until", "<=", now)]),
        ])
      ).as("expired"),
    ])
    .where("template_id", "in", templateIds).groupBy("template_id").execute();
  for (const row of rows) {
    const issued = Number(row.issued), redeemed = Number(row.redeemed), expired = Number(row.expired);
    const voided = Number(row.void);
    stats.set(row.template_id, {
      issued,
      redeemed,
      expired,
      void: voided,
      active: issued - redeemed - expired - voided,
    });
  }
  return stats;
}
