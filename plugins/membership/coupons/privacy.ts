/**
 * The coupons area's part in data-subject requests (PIPL arts. 45 and 47). The subject is a member, by member id.
 * Export: the member's coupons and where they were used. Erase: the coupons are detached from the member (and
 * the unused ones voided) rather than deleted, so a template's issue and redemption counts and a store's
 * redemption log stay right; the issue keys, which callers may have built from the member's id, are replaced.
 */
import { sql } from "kysely";
import type { SubjectRightsHandler } from "../../../platform/sdk.ts";
import type { MembershipTx } from "../context.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// The registry hands the core's transaction type; the plugin's tables are in the same database.
const asMembership = (tx: unknown) => tx as MembershipTx;

export const couponsSubjectRights: SubjectRightsHandler = {
  id: "membership.coupons",
  async export(coreTx, subject) {
    if (!UUID.test(subject.id)) return { coupons: [] };
    const tx = asMembership(coreTx);
    const rows = await tx.selectFrom("plugin_membership.coupons as c")
      .innerJoin(
        "plugin_membership.coupon_templates as t",
        (join) => join.onRef("t.tenant_id", "=", "c.tenant_id").onRef("t.id", "=", "c.template_id"),
      )
      .leftJoin(
        "plugin_membership.coupon_redemptions as r",
        (join) =>
          join.onRef("r.tenant_id", "=", "c.tenant_id").onRef("r.coupon_id", "=", "c.id").on("r.undone_at", "is", null),
      )
      .select([
        "c.id",
        "t.title",
        "c.code",
        "c.source",
        "c.status",
        "c.valid_from",
        "c.valid_until",
        "c.issued_at",
        "r.redeemed_at",
        "r.store_id",
        "r.discount_fen",
      ])
      .where("c.member_id", "=", subject.id).orderBy("c.issued_at").execute();
    return {
      coupons: rows.map((row) => ({
        id: row.id,
        title: row.title,
        code: row.code,
        source: row.source,
        status: row.status,
        validFrom: row.valid_from.toISOString(),
        validUntil: row.valid_until.toISOString(),
        issuedAt: row.issued_at.toISOString(),
        redeemedAt: row.redeemed_at?.toISOString() ?? null,
        redeemedAtStore: row.store_id ?? null,
        discountFen: row.discount_fen ?? null,
      })),
    };
  },
  async erase(coreTx, subject) {
    if (!UUID.test(subject.id)) return { affected: 0 };
    const tx = asMembership(coreTx);
    const result = await tx.updateTable("plugin_membership.coupons")
      .set({
        member_id: null,
        issue_key: sql<string>`'erased:' || id::text`,
        status: sql<"void">`case when status = 'active' then 'void' else status end`,
      })
      .where("member_id", "=", subject.id).executeTakeFirst();
    return { affected: Number(result.numUpdatedRows) };
  },
};
