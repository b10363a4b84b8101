/**
 * Member tags: the operator's own (set by hand on a member) and rule tags (set by their rule, tag-rules.ts). A tag
 * is one kind for life, so a rule's recompute never takes away what staff put on by hand, and staff never fight a
 * rule that would undo their change overnight.
 */
import { ProblemError, uuidv7 } from "../../../platform/sdk.ts";
import type { MembershipTx } from "../context.ts";
import type { TagRule } from "./tag-rules.ts";

export interface TagView {
  id: string;
  code: string;
  name: string;
  rule: TagRule | null;
  members: number;
  computedAt: string | null;
  createdAt: string;
}

const parseRule = (rule: unknown) => (rule === null || rule === undefined ? null : rule as TagRule);

export async function listTags(tx: MembershipTx): Promise<TagView[]> {
  const rows = await tx.selectFrom("plugin_membership.tags as t")
    .select((eb) => [
      "t.id",
      "t.code",
      "t.name",
      "t.rule",
      "t.computed_at",
      "t.created_at",
      eb.selectFrom("plugin_membership.member_tags as mt").select(eb.fn.countAll<string>().as("n"))
        .whereRef("mt.tag_id", "=", "t.id").as("members"),
    ])
    .orderBy("t.code").execute();
  return rows.map((row) => ({
    id: row.id,
    code: row.code,
    name: row.name,
    rule: parseRule(row.rule),
    members: Number(row.members ?? 0),
    computedAt: row.computed_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  }));
}

export async function findTag(tx: MembershipTx, tagId: string) {
  const row = await tx.selectFrom("plugin_membership.tags").select(["id", "code", "name", "rule"])
    .where("id", "=", tagId).executeTakeFirst();
  return row && { ...row, rule: parseRule(row.rule) };
}

export async function createTag(
  tx: MembershipTx,
  tenantId: string,
  input: { code: string; name: string; rule?: TagRule },
  actor: string,
): Promise<string> {
  const taken = await tx.selectFrom("plugin_membership.tags").select("id").where("code", "=", input.code)
    .executeTakeFirst();
  if (taken) {
    throw new ProblemError(422, "The code is taken.", [{ field: "code", message: "another tag has this code" }]);
  }
  const id = uuidv7();
  await tx.insertInto("plugin_membership.tags").values({
    tenant_id: tenantId,
    id,
    code: input.code,
    name: input.name,
    rule: input.rule ? JSON.stringify(input.rule) : null,
    created_by: actor,
  }).execute();
  return id;
}

export async function updateTag(
  tx: MembershipTx,
  tagId: string,
  change: { name?: string; rule?: TagRule },
): Promise<void> {
  const tag = await findTag(tx, tagId);
  if (!tag) throw new ProblemError(404, "There is no such tag.");
  if (change.rule && !tag.rule) {
    throw new ProblemError(422, "This tag is set by hand.", [
      { field: "rule", message: "a tag set by hand cannot get a rule; make a rule tag instead" },
    ]);
  }
  await tx.updateTable("plugin_membership.tags").set({
    updated_at: new Date(),
    ...(change.name !== undefined ? { name: change.name } : {}),
    ...(change.rule ? { rule: JSON.stringify(change.rule) } : {}),
  }).where("id", "=", tagId).execute();
}

export async function deleteTag(tx: MembershipTx, tagId: string): Promise<{ code: string; members: number }> {
  const tag = await findTag(tx, tagId);
  if (!tag) throw new ProblemError(404, "There is no such tag.");
  const removed = await tx.deleteFrom("plugin_membership.member_tags").where("tag_id", "=", tagId).executeTakeFirst();
  await tx.deleteFrom("plugin_membership.tags").where("id", "=", tagId).execute();
  return { code: tag.code, members: Number(removed.numDeletedRows) };
}

async function requireHandTag(tx: MembershipTx, tagId: string) {
  const tag = await findTag(tx, tagId);
  if (!tag) throw new ProblemError(422, "No such tag.", [{ field: "tagId", message: "no such tag" }]);
  if (tag.rule) {
    throw new ProblemError(422, "This tag is set by its rule.", [
      { field: "tagId", message: "this tag is set by its rule, not by hand" },
    ]);
  }
  return tag;
}

/** Puts a hand-set tag on a member; true when it was not there yet (putting it on twice changes nothing). */
export async function tagMember(
  tx: MembershipTx,
  tenantId: string,
  memberId: string,
  tagId: string,
  actor: string,
): Promise<boolean> {
  await requireHandTag(tx, tagId);
  const inserted = await tx.insertInto("plugin_membership.member_tags")
    .values({ tenant_id: tenantId, member_id: memberId, tag_id: tagId, source: "manual", assigned_by: actor })
    .onConflict((oc) => oc.doNothing()).returning("tag_id").executeTakeFirst();
  return inserted !== undefined;
}

/** Takes a hand-set tag off a member; true when it was there. */
export async function untagMember(tx: MembershipTx, memberId: string, tagId: string): Promise<boolean> {
  await requireHandTag(tx, tagId);
  const removed = await tx.deleteFrom("plugin_membership.member_tags")
    .where("member_id", "=", memberId).where("tag_id", "=", tagId).executeTakeFirst();
  return Number(removed.numDeletedRows) > 0;
}
