/**
 * A segment's rules as data: tags the member must all have, any of, none of; a range of level ranks; members of a
 * store (双会员); joined within N days. Operators name tags by their code; rules keep the tag's id, so renaming a
 * tag's code does not change who a segment reaches.
 */
import { z } from "@hono/zod-openapi";
import { sql } from "kysely";
import { type FieldProblem, ProblemError } from "../../../platform/sdk.ts";
import type { MembershipTx } from "../context.ts";

/** What is stored in segments.rules. */
export interface SegmentRules {
  allTags: string[];
  anyTags: string[];
  noneTags: string[];
  minLevelRank: number | null;
  maxLevelRank: number | null;
  storeId: string | null;
  joinedWithinDays: number | null;
}

export const EMPTY_RULES: SegmentRules = {
  allTags: [],
  anyTags: [],
  noneTags: [],
  minLevelRank: null,
  maxLevelRank: null,
  storeId: null,
  joinedWithinDays: null,
};

/** Blank form fields and query parameters are not given (not 0); null says "no such rule". */
const blankIsAbsent = (value: unknown) => value === "" ? undefined : value;

function optionalInt(min: number, max: number, message: string) {
  return z.preprocess(
    blankIsAbsent,
    z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(min, message)
      .max(max, message).nullable().optional(),
  );
}

/** Tag codes as a list, or as one text ("vip, 美食" — the console's form and query parameters send text). */
const TagCodes = z.union([
  z.array(z.string().trim().min(1).max(32)).max(20, "at most 20 tags"),
  z.string().max(400, "at most 400 characters"),
]).optional().transform((value) => {
  if (value === undefined) return undefined;
  const list = typeof value === "string" ? value.split(/[\s,，、;；]+/) : value;
  return [...new Set(list.map((code) => code.trim()).filter(Boolean))];
}).openapi({ description: "tag codes, as a list or as text separated by commas", example: ["vip", "foodie"] });

/** The rules as operators write them (API body of a segment, or the preview's query). */
export const SegmentRulesInput = z.object({
  allTags: TagCodes.openapi({ description: "the member has every one of these tags (codes)" }),
  anyTags: TagCodes.openapi({ description: "the member has at least one of these tags (codes)" }),
  noneTags: TagCodes.openapi({ description: "the member has none of these tags (codes)" }),
  minLevelRank: optionalInt(0, 20, "ranks run from 0 to 20"),
  maxLevelRank: optionalInt(0, 20, "ranks run from 0 to 20"),
  storeId: z.preprocess(blankIsAbsent, z.string().uuid("must be a store id").nullable().optional())
    .openapi({ description: "members of this store (joined at it or paid at it)" }),
  joinedWithinDays: optionalInt(1, 3650, "from 1 to 3650 days"),
});

export type SegmentRulesInput = z.output<typeof SegmentRulesInput>;

/** Tag rows by code or by id, read with SQL so this area depends on the members area's table, not its types. */
async function tagsWhere(tx: MembershipTx, column: "code" | "id", values: string[]) {
  if (values.length === 0) return [];
  const list = sql.join(values.map((v) => column === "id" ? sql`${v}::uuid` : sql`${v}`));
  const { rows } = await sql<{ id: string; code: string; name: string }>`
    select id, code, name from plugin_membership.tags where ${sql.ref(column)} in (${list})`.execute(tx);
  return rows;
}

/**
 * Checks the rules against the district's tags, levels and stores and stores tag ids. Rules not given keep their
 * value in `base` (a change of some rules); every problem is reported (422) naming its field.
 */
export async function resolveRules(
  tx: MembershipTx,
  input: SegmentRulesInput,
  base: SegmentRules = EMPTY_RULES,
  /** "query." when the rules came as query parameters, as the core names those fields. */
  fieldPrefix = "",
): Promise<SegmentRules> {
  const problems: FieldProblem[] = [];
  const resolveTags = async (field: "allTags" | "anyTags" | "noneTags") => {
    const codes = input[field];
    if (codes === undefined) return base[field];
    const found = await tagsWhere(tx, "code", codes);
    const byCode = new Map(found.map((tag) => [tag.code, tag.id]));
    const unknown = codes.filter((code) => !byCode.has(code));
    if (unknown.length) problems.push({ field, message: `no such tag: ${unknown.join(", ")}` });
    return codes.flatMap((code) => byCode.get(code) ?? []);
  };
  const keep = <K extends "minLevelRank" | "maxLevelRank" | "storeId" | "joinedWithinDays">(field: K) =>
    input[field] === undefined ? base[field] : input[field] as SegmentRules[K];
  const rules: SegmentRules = {
    allTags: await resolveTags("allTags"),
    anyTags: await resolveTags("anyTags"),
    noneTags: await resolveTags("noneTags"),
    minLevelRank: keep("minLevelRank"),
    maxLevelRank: keep("maxLevelRank"),
    storeId: keep("storeId"),
    joinedWithinDays: keep("joinedWithinDays"),
  };
  const overlap = rules.noneTags.filter((id) => rules.allTags.includes(id) || rules.anyTags.includes(id));
  if (overlap.length) problems.push({ field: "noneTags", message: "a tag cannot be both wanted and excluded" });
  if (rules.minLevelRank !== null && rules.maxLevelRank !== null && rules.minLevelRank > rules.maxLevelRank) {
    problems.push({ field: "maxLevelRank", message: "must not be below the lowest rank" });
  }
  if (rules.storeId && input.storeId !== undefined) {
    const store = await tx.selectFrom("core.organisations").select("id").where("id", "=", rules.storeId)
      .where("kind", "=", "store").executeTakeFirst();
    if (!store) problems.push({ field: "storeId", message: "no such store" });
  }
  if (problems.length) {
    const named = problems.map((p) => ({ ...p, field: `${fieldPrefix}${p.field}` }));
    throw new ProblemError(422, "The segment's rules are not valid.", named);
  }
  return rules;
}

/** Stored rules, tolerant of rows written before a rule existed. */
export function parseStoredRules(value: unknown): SegmentRules {
  const stored = (typeof value === "string" ? JSON.parse(value) : value ?? {}) as Partial<SegmentRules>;
  return { ...EMPTY_RULES, ...stored };
}

export interface TagRef {
  id: string;
  /** null when the tag has been deleted since. */
  code: string | null;
  name: string | null;
}

export interface RulesView extends Omit<SegmentRules, "allTags" | "anyTags" | "noneTags"> {
  allTags: TagRef[];
  anyTags: TagRef[];
  noneTags: TagRef[];
}

/** The rules as the API shows them: tags with their current code and name. */
export async function describeRules(tx: MembershipTx, rules: SegmentRules): Promise<RulesView> {
  const tags = await tagsWhere(tx, "id", [...new Set([...rules.allTags, ...rules.anyTags, ...rules.noneTags])]);
  const byId = new Map(tags.map((tag) => [tag.id, tag]));
  const refs = (ids: string[]) =>
    ids.map((id) => ({ id, code: byId.get(id)?.code ?? null, name: byId.get(id)?.name ?? null }));
  return { ...rules, allTags: refs(rules.allTags), anyTags: refs(rules.anyTags), noneTags: refs(rules.noneTags) };
}

export const TagRefSchema = z.object({ id: z.string(), code: z.string().nullable(), name: z.string().nullable() });

export const RulesViewSchema = z.object({
  allTags: z.array(TagRefSchema),
  anyTags: z.array(TagRefSchema),
  noneTags: z.array(TagRefSchema),
  minLevelRank: z.number().int().nullable(),
  maxLevelRank: z.number().int().nullable(),
  storeId: z.string().nullable(),
  joinedWithinDays: z.number().int().nullable(),
}).openapi("MembershipSegmentRules");
