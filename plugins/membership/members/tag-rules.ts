/**
 * Rule-based member tags (消费数据标签, Xuzhou 6.6.4): a rule is data — all of up to five conditions over the sales
 * the data center received for the member (matched by member_ref, the pseudonym POS sales carry) in the last N
 * days. The nightly job (or a change of the rule) recomputes who carries the tag: members who now match get it,
 * members who no longer match lose it.
 */
import { type RawBuilder, sql } from "kysely";
import { z } from "@hono/zod-openapi";
import type { MembershipTx } from "../context.ts";

const days = z.int({ error: "must be a whole number of days" }).min(1, "at least 1 day")
  .max(730, "at most 730 days");

export const TagCondition = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("minSpend"),
    days,
    /** Spend net of refunds, in fen. */
    amountFen: z.int({ error: "must be a whole number of fen" }).min(1, "at least 1 fen"),
  }),
  z.object({
    kind: z.literal("minVisits"),
    days,
    /** Days (district-local) with at least one purchase. */
    visits: z.int({ error: "must be a whole number" }).min(1, "at least 1").max(1000, "at most 1000"),
  }),
  z.object({
    kind: z.literal("boughtCategory"),
    days,
    /** A sale item's category as the POS sends it. */
    category: z.string().trim().min(1, "name the category").max(40, "at most 40 characters"),
  }),
  z.object({ kind: z.literal("lastVisitWithin"), days }),
  /** Lapsed: no purchase in the last N days (members who never bought included). */
  z.object({ kind: z.literal("lastVisitNotWithin"), days }),
], { error: "kind must be minSpend, minVisits, boughtCategory, lastVisitWithin or lastVisitNotWithin" });

export const TagRule = z.object({
  all: z.array(TagCondition).min(1, "give at least one condition").max(5, "at most 5 conditions"),
}).strict().openapi("MembershipTagRule");

export type TagCondition = z.infer<typeof TagCondition>;
export type TagRule = z.infer<typeof TagRule>;

function since(daysBack: number): RawBuilder<unknown> {
  return sql`now() - make_interval(days => ${daysBack})`;
}

/** One condition as SQL over the member row `m`, reading core.sale_events through the member's pseudonym. */
function conditionSql(condition: TagCondition, timeZone: string): RawBuilder<unknown> {
  const sales = sql`core.sale_events s where s.member_ref = m.member_ref and s.at >= ${since(condition.days)}`;
  switch (condition.kind) {
    case "minSpend":
      return sql`(select coalesce(sum(case when s.refund then -s.amount_fen else s.amount_fen end), 0) from ${sales})
        >= ${condition.amountFen}`;
    case "minVisits":
      return sql`(select count(distinct (s.at at time zone ${timeZone})::date) from ${sales} and not s.refund)
        >= ${condition.visits}`;
    case "boughtCategory":
      return sql`exists (select 1 from ${sales} and not s.refund
        and exists (select 1 from jsonb_array_elements(coalesce(s.items, '[]'::jsonb)) as item
                     where item ->> 'category' = ${condition.category}))`;
    case "lastVisitWithin":
      return sql`exists (select 1 from ${sales} and not s.refund)`;
    case "lastVisitNotWithin":
      return sql`not exists (select 1 from ${sales} and not s.refund)`;
  }
}

/** Applies the rule of one tag: who matches gets it, who no longer matches loses it. */
export async function applyTagRule(
  tx: MembershipTx,
  tenantId: string,
  tagId: string,
  rule: TagRule,
  actor: string,
): Promise<{ added: number; removed: number; members: number }> {
  const tenant = await tx.selectFrom("core.tenants").select("time_zone").executeTakeFirstOrThrow();
  const where = sql.join(rule.all.map((condition) => conditionSql(condition, tenant.time_zone)), sql` and `);
  const matching = sql`select m.id from plugin_membership.members m where m.status = 'active' and ${where}`;
  const removed = await sql`
    delete from plugin_membership.member_tags
     where tag_id = ${tagId} and source = 'rule' and member_id not in (${matching})`.execute(tx);
  const added = await sql`
    insert into plugin_membership.member_tags (tenant_id, member_id, tag_id, source, assigned_by)
    select ${tenantId}, matching.id, ${tagId}, 'rule', ${actor} from (${matching}) matching
    on conflict do nothing`.execute(tx);
  await tx.updateTable("plugin_membership.tags").set({ computed_at: new Date() }).where("id", "=", tagId).execute();
  const members = await tx.selectFrom("plugin_membership.member_tags").select((eb) => eb.fn.countAll<string>().as("n"))
    .where("tag_id", "=", tagId).executeTakeFirstOrThrow();
  return {
    added: Number(added.numAffectedRows ?? 0),
    removed: Number(removed.numAffectedRows ?? 0),
    members: Number(members.n),
  };
}
