/**
 * Issuing a coupon to a member: the one function every channel goes through (online claims, pushes to a segment,
 * points exchanges, survey rewards, birthday care, staff grants), so limits, windows and idempotency hold the same
 * everywhere.
 *
 * Concurrency: the template's row is locked first (`for update`), so issues of one template queue one behind the
 * other; the limits are counted and `issued_count` raised while the lock is held, so neither the total limit nor a
 * member's limit is overrun however many requests arrive at once. Idempotency: the caller names each issue with
 * a key, unique per template and member (and channel); the same key again returns the first coupon.
 */
import type { Selectable } from "kysely";
import { ProblemError, uuidv7 } from "../../../platform/sdk.ts";
import type { MembershipTx } from "../context.ts";
import { newCouponCode } from "./code.ts";
import type { CouponSource, CouponsTables, CouponStatus } from "./schema.ts";

export interface IssueRequest {
  templateId: string;
  memberId: string;
  source: CouponSource;
  /** The caller's name for this issue; the same key (for this template, member and source) is the same coupon. */
  idempotencyKey: string;
  /** Who issues: "user:…", "plugin:membership" for jobs, "member:…" for the member's own claim. */
  actor: string;
  /** The push batch it belongs to (set by the segment push). */
  batchId?: string;
}

export interface IssuedCoupon {
  id: string;
  templateId: string;
  memberId: string;
  code: string;
  source: CouponSource;
  status: CouponStatus;
  validFrom: string;
  validUntil: string;
  issuedAt: string;
  /** False when the key had issued it before and this is that coupon again. */
  created: boolean;
}

type CouponRow = Selectable<CouponsTables["plugin_membership.coupons"]>;
type TemplateRow = Selectable<CouponsTables["plugin_membership.coupon_templates"]>;

const DAY_MS = 86_400_000;

function issued(row: CouponRow, created: boolean): IssuedCoupon {
  return {
    id: row.id,
    templateId: row.template_id,
    memberId: row.member_id!,
    code: row.code,
    source: row.source,
    status: row.status,
    validFrom: row.valid_from.toISOString(),
    validUntil: row.valid_until.toISOString(),
    issuedAt: row.issued_at.toISOString(),
    created,
  };
}

/**
 * The coupon's own window: from the template's start (or now, if that has passed), until the template's end or
 * `valid_days` after the start, whichever comes first.
 */
export function couponWindow(template: TemplateRow, now: Date): { from: Date; until: Date } {
  const from = template.valid_from && template.valid_from > now ? template.valid_from : now;
  const ends = [
    template.valid_until,
    template.valid_days ? new Date(from.getTime() + template.valid_days * DAY_MS) : null,
  ].filter((end): end is Date => end !== null);
  return { from, until: new Date(Math.min(...ends.map((end) => end.getTime()))) };
}

const refused = (detail: string) => new ProblemError(409, detail);

/** Issues one coupon of the template to the member, or returns the one this key issued before. */
export async function issueCoupon(tx: MembershipTx, tenantId: string, request: IssueRequest): Promise<IssuedCoupon> {
  if (!request.idempotencyKey || request.idempotencyKey.length > 180) {
    throw new ProblemError(422, "An idempotency key of 1–180 characters is needed.", [
      { field: "idempotencyKey", message: "give a key of 1–180 characters" },
    ]);
  }
  const issueKey = `${request.source}:${request.idempotencyKey}`;
  const template = await tx.selectFrom("plugin_membership.coupon_templates").selectAll()
    .where("id", "=", request.templateId).forUpdate().executeTakeFirst();
  if (!template) throw new ProblemError(404, "There is no such coupon.");

  const earlier = await tx.selectFrom("plugin_membership.coupons").selectAll()
    .where("template_id", "=", template.id).where("member_id", "=", request.memberId)
    .where("issue_key", "=", issueKey).executeTakeFirst();
  if (earlier) return issued(earlier, false);

  const member = await tx.selectFrom("plugin_membership.members").select("id")
    .where("id", "=", request.memberId).where("status", "=", "active").executeTakeFirst();
  if (!member) throw new ProblemError(404, "There is no such member.");

  const now = new Date();
  if (template.status !== "active") throw refused("This coupon is paused.");
  if (template.valid_until && template.valid_until <= now) throw refused("This coupon's validity has ended.");
  if (template.total_limit !== null && template.issued_count >= template.total_limit) {
    throw refused("All of these coupons have been given out.");
  }
  const held = await tx.selectFrom("plugin_membership.coupons").select((eb) => eb.fn.countAll<string>().as("n"))
    .where("template_id", "=", template.id).where("member_id", "=", request.memberId)
    .where("status", "<>", "void").executeTakeFirstOrThrow();
  if (Number(held.n) >= template.per_member_limit) {
    throw refused("The member already has as many of these coupons as one member may.");
  }

  const { from, until } = couponWindow(template, now);
  let row: CouponRow | undefined;
  // A code already taken in the district (about one in 2^45 for a million live coupons) is drawn again.
  for (let attempt = 0; !row && attempt < 5; attempt++) {
    row = await tx.insertInto("plugin_membership.coupons").values({
      tenant_id: tenantId,
      id: uuidv7(),
      template_id: template.id,
      member_id: request.memberId,
      code: newCouponCode(),
      source: request.source,
      issue_key: issueKey,
      batch_id: request.batchId ?? null,
      valid_from: from,
      valid_until: until,
      issued_by: request.actor,
      issued_at: now,
    }).onConflict((oc) => oc.columns(["tenant_id", "code"]).doNothing()).returningAll().executeTakeFirst();
  }
  if (!row) throw new Error("could not draw a free coupon code");
  await tx.updateTable("plugin_membership.coupon_templates")
    .set((eb) => ({ issued_count: eb("issued_count", "+", 1) }))
    .where("id", "=", template.id).execute();
  return issued(row, true);
}
