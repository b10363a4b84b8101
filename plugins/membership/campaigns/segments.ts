/**
 * Who a segment reaches: the district's active members that match its rules, evaluated when asked (a member tagged
 * today is in tomorrow's campaign). `membersOfSegment` is the contract other areas use.
 */
import { sql } from "kysely";
import { ProblemError, uuidv7 } from "../../../platform/sdk.ts";
import type { MembershipTx } from "../context.ts";
import { parseStoredRules, type SegmentRules } from "./segment-rules.ts";

const hasTag = (ids: string[]) =>
  sql<boolean>`exists (select 1 from plugin_membership.member_tags mt
    where mt.tenant_id = m.tenant_id and mt.member_id = m.id
      and mt.tag_id in (${sql.join(ids.map((id) => sql`${id}::uuid`))}))`;

/** The active members matching the rules, as a query on `members as m` to select from or count. */
export function audienceQuery(tx: MembershipTx, rules: SegmentRules) {
  let query = tx.selectFrom("plugin_membership.members as m").where("m.status", "=", "active");
  for (const tag of rules.allTags) query = query.where(hasTag([tag]));
  if (rules.anyTags.length) query = query.where(hasTag(rules.anyTags));
  if (rules.noneTags.length) query = query.where(sql<boolean>`not ${hasTag(rules.noneTags)}`);
  if (rules.minLevelRank !== null || rules.maxLevelRank !== null) {
    const min = rules.minLevelRank ?? 0;
    const max = rules.maxLevelRank ?? 32767;
    query = query.where(sql<boolean>`exists (select 1 from plugin_membership.levels l
      where l.tenant_id = m.tenant_id and l.id = m.level_id and l.rank between ${min} and ${max})`);
  }
  if (rules.storeId) {
    query = query.where(sql<boolean>`exists (select 1 from plugin_membership.store_members sm
      where sm.tenant_id = m.tenant_id and sm.member_id = m.id and sm.store_id = ${rules.storeId}::uuid)`);
  }
  if (rules.joinedWithinDays !== null) {
    query = query.where(sql<boolean>`m.joined_at >= now() - make_interval(days => ${rules.joinedWithinDays}::int)`);
  }
  return query;
}

export async function audienceOf(tx: MembershipTx, rules: SegmentRules): Promise<string[]> {
  const rows = await audienceQuery(tx, rules).select("m.id").orderBy("m.id").execute();
  return rows.map((row) => row.id);
}

export async function countAudience(tx: MembershipTx, rules: SegmentRules): Promise<number> {
  const row = await audienceQuery(tx, rules).select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function findSegment(tx: MembershipTx, segmentId: string) {
  // Not an id at all: no such segment (rather than a database error about the uuid's syntax).
  if (!UUID.test(segmentId)) return undefined;
  const row = await tx.selectFrom("plugin_membership.segments").selectAll().where("id", "=", segmentId)
    .executeTakeFirst();
  return row && { ...row, rules: parseStoredRules(row.rules) };
}

/** The ids of the segment's active members, in id order; 404 problem when there is no such segment. */
export async function membersOfSegment(tx: MembershipTx, segmentId: string): Promise<string[]> {
  const segment = await findSegment(tx, segmentId);
  if (!segment) throw new ProblemError(404, "There is no such segment.");
  return await audienceOf(tx, segment.rules);
}

export async function listSegments(tx: MembershipTx) {
  const rows = await tx.selectFrom("plugin_membership.segments").selectAll().orderBy("created_at", "desc")
    .execute();
  return rows.map((row) => ({ ...row, rules: parseStoredRules(row.rules) }));
}

export async function createSegment(
  tx: MembershipTx,
  tenantId: string,
  segment: { name: string; description?: string | null; rules: SegmentRules; createdBy: string },
): Promise<string> {
  const id = uuidv7();
  await tx.insertInto("plugin_membership.segments").values({
    tenant_id: tenantId,
    id,
    name: segment.name,
    description: segment.description ?? null,
    rules: JSON.stringify(segment.rules),
    created_by: segment.createdBy,
  }).execute();
  return id;
}

export async function updateSegment(
  tx: MembershipTx,
  segmentId: string,
  change: { name?: string; description?: string | null; rules?: SegmentRules },
): Promise<boolean> {
  const updated = await tx.updateTable("plugin_membership.segments").set({
    ...(change.name !== undefined ? { name: change.name } : {}),
    ...(change.description !== undefined ? { description: change.description } : {}),
    ...(change.rules ? { rules: JSON.stringify(change.rules) } : {}),
    updated_at: new Date(),
  }).where("id", "=", segmentId).executeTakeFirst();
  return updated.numUpdatedRows > 0n;
}

/** Deletes a segment no campaign uses; 409 problem when one does (the campaign's record must say who it reached). */
export async function deleteSegment(tx: MembershipTx, segmentId: string): Promise<boolean> {
  const used = await tx.selectFrom("plugin_membership.campaigns").select("id").where("segment_id", "=", segmentId)
    .limit(1).executeTakeFirst();
  if (used) throw new ProblemError(409, "Campaigns use this segment; it cannot be deleted.");
  const deleted = await tx.deleteFrom("plugin_membership.segments").where("id", "=", segmentId).executeTakeFirst();
  return deleted.numDeletedRows > 0n;
}
