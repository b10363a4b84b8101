/** Earning rules as data: their API shape, the checks across fields, and reading and writing them. */
import { z } from "@hono/zod-openapi";
import { ProblemError, uuidv7 } from "../../../platform/sdk.ts";
import type { MembershipTx } from "../context.ts";
import type { EarnRule } from "./earn-calc.ts";

export const PAYMENT_METHODS = ["cash", "card", "wechat", "alipay", "ecny"] as const;

const ruleFields = {
  name: z.string().trim().min(1, "give the rule a name").max(60),
  kind: z.enum(["base", "campaign"]).describe("base: points per yuan; campaign: a multiplier within a window"),
  scope: z.enum(["district", "store", "category"]),
  storeId: z.string().uuid().nullable().describe("the store of a store rule; optional for a category rule"),
  category: z.string().trim().min(1).max(64).nullable().describe("the item category of a category rule"),
  pointsPerYuan: z.number().min(0).max(1000).nullable().describe("base rules: points per yuan spent"),
  multiplier: z.number().min(1).max(10).nullable().describe("campaign rules: points × this within the window"),
  startsAt: z.string().datetime({ offset: true }).nullable(),
  endsAt: z.string().datetime({ offset: true }).nullable(),
  dailyCapPerMember: z.number().int().min(1).max(10_000_000).nullable()
    .describe("base rules: at most this many points per member per day"),
  excludedPaymentMethods: z.array(z.enum(PAYMENT_METHODS)).max(5),
  active: z.boolean(),
};

const defaults = {
  storeId: null,
  category: null,
  pointsPerYuan: null,
  multiplier: null,
  startsAt: null,
  endsAt: null,
  dailyCapPerMember: null,
  excludedPaymentMethods: [],
  active: true,
} as const;

export type RuleInput = z.infer<z.ZodObject<typeof ruleFields>>;

/** A list, or (from a console form's one text field) the same codes separated by commas or spaces. */
const ExcludedInput = z.union([
  ruleFields.excludedPaymentMethods,
  z.string().max(60).transform((text, ctx) => {
    const codes = text.split(/[\s,，、]+/).filter(Boolean);
    const unknown = codes.filter((code) => !(PAYMENT_METHODS as readonly string[]).includes(code));
    if (unknown.length) {
      ctx.addIssue({
        code: "custom",
        message: `unknown payment method ${unknown.join(", ")}; use ${PAYMENT_METHODS.join(", ")}`,
      });
      return z.NEVER;
    }
    return codes as (typeof PAYMENT_METHODS)[number][];
  }),
]).describe("payment methods that earn nothing under this rule (or a campaign that does not multiply them)");

/** The checks between fields, each naming the field to fix. */
export function ruleProblems(rule: RuleInput): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (rule.scope === "store" && !rule.storeId) problems.push({ field: "storeId", message: "choose the store" });
  if (rule.scope === "district" && rule.storeId) {
    problems.push({ field: "storeId", message: "a district rule names no store" });
  }
  if (rule.scope === "category" && !rule.category) {
    problems.push({ field: "category", message: "name the item category" });
  }
  if (rule.scope !== "category" && rule.category) {
    problems.push({ field: "category", message: "only category rules name a category" });
  }
  if (rule.kind === "base" && rule.pointsPerYuan === null) {
    problems.push({ field: "pointsPerYuan", message: "give the points per yuan" });
  }
  if (rule.kind === "base" && rule.multiplier !== null) {
    problems.push({ field: "multiplier", message: "a base rule has no multiplier; make a campaign rule" });
  }
  if (rule.kind === "campaign" && rule.multiplier === null) {
    problems.push({ field: "multiplier", message: "give the multiplier" });
  }
  if (rule.kind === "campaign" && rule.pointsPerYuan !== null) {
    problems.push({ field: "pointsPerYuan", message: "a campaign multiplies the base rate; it has none" });
  }
  if (rule.kind === "campaign" && !rule.startsAt) problems.push({ field: "startsAt", message: "when it starts" });
  if (rule.kind === "campaign" && !rule.endsAt) problems.push({ field: "endsAt", message: "when it ends" });
  if (rule.kind === "campaign" && rule.dailyCapPerMember !== null) {
    problems.push({ field: "dailyCapPerMember", message: "daily caps belong to base rules" });
  }
  if (rule.startsAt && rule.endsAt && Date.parse(rule.startsAt) >= Date.parse(rule.endsAt)) {
    problems.push({ field: "endsAt", message: "must be after the start" });
  }
  return problems;
}

export const RuleCreate = z.object({
  name: ruleFields.name,
  kind: ruleFields.kind,
  scope: ruleFields.scope,
  storeId: ruleFields.storeId.optional(),
  category: ruleFields.category.optional(),
  pointsPerYuan: ruleFields.pointsPerYuan.optional(),
  multiplier: ruleFields.multiplier.optional(),
  startsAt: ruleFields.startsAt.optional(),
  endsAt: ruleFields.endsAt.optional(),
  dailyCapPerMember: ruleFields.dailyCapPerMember.optional(),
  excludedPaymentMethods: ExcludedInput.optional(),
  active: ruleFields.active.optional(),
}).openapi("PointsRuleInput");

export const RulePatch = RuleCreate.partial().openapi("PointsRulePatch");

export const Rule = z.object({
  id: z.string().uuid(),
  ...ruleFields,
  createdAt: z.string(),
  updatedAt: z.string(),
}).openapi("PointsRule");
export type RuleView = z.infer<typeof Rule>;

type Row = {
  id: string;
  name: string;
  kind: "base" | "campaign";
  scope: "district" | "store" | "category";
  store_id: string | null;
  category: string | null;
  points_per_yuan: string | null;
  multiplier: string | null;
  starts_at: Date | null;
  ends_at: Date | null;
  daily_cap_per_member: number | null;
  excluded_payment_methods: string[];
  active: boolean;
  created_at: Date;
  updated_at: Date;
};

function toView(row: Row): RuleView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    scope: row.scope,
    storeId: row.store_id,
    category: row.category,
    pointsPerYuan: row.points_per_yuan === null ? null : Number(row.points_per_yuan),
    multiplier: row.multiplier === null ? null : Number(row.multiplier),
    startsAt: row.starts_at ? new Date(row.starts_at).toISOString() : null,
    endsAt: row.ends_at ? new Date(row.ends_at).toISOString() : null,
    dailyCapPerMember: row.daily_cap_per_member,
    excludedPaymentMethods: row.excluded_payment_methods as RuleView["excludedPaymentMethods"],
    active: row.active,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export async function listRules(tx: MembershipTx): Promise<RuleView[]> {
  const rows = await tx.selectFrom("plugin_membership.points_rules").selectAll()
    .orderBy("active", "desc").orderBy("created_at", "desc").execute();
  return rows.map(toView);
}

export async function findRule(tx: MembershipTx, id: string): Promise<RuleView | undefined> {
  const row = await tx.selectFrom("plugin_membership.points_rules").selectAll().where("id", "=", id)
    .executeTakeFirst();
  return row && toView(row);
}

/** The active rules as the calculation takes them. */
export async function activeRules(tx: MembershipTx): Promise<EarnRule[]> {
  const rows = await tx.selectFrom("plugin_membership.points_rules").selectAll().where("active", "=", true)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    scope: row.scope,
    storeId: row.store_id,
    category: row.category,
    pointsPerYuan: row.points_per_yuan === null ? null : Number(row.points_per_yuan),
    multiplier: row.multiplier === null ? null : Number(row.multiplier),
    startsAt: row.starts_at && new Date(row.starts_at),
    endsAt: row.ends_at && new Date(row.ends_at),
    dailyCapPerMember: row.daily_cap_per_member,
    excludedPaymentMethods: row.excluded_payment_methods,
    createdAt: new Date(row.created_at),
  }));
}

async function checkRule(tx: MembershipTx, rule: RuleInput): Promise<void> {
  const problems = ruleProblems(rule);
  if (rule.storeId && !problems.some((p) => p.field === "storeId")) {
    const store = await tx.selectFrom("core.organisations").select("id").where("id", "=", rule.storeId)
      .where("kind", "=", "store").executeTakeFirst();
    if (!store) problems.push({ field: "storeId", message: "no such store" });
  }
  if (problems.length) throw new ProblemError(422, "The rule does not fit together.", problems);
}

function toRow(rule: RuleInput) {
  return {
    name: rule.name,
    kind: rule.kind,
    scope: rule.scope,
    store_id: rule.storeId,
    category: rule.category,
    points_per_yuan: rule.pointsPerYuan,
    multiplier: rule.multiplier,
    starts_at: rule.startsAt,
    ends_at: rule.endsAt,
    daily_cap_per_member: rule.dailyCapPerMember,
    excluded_payment_methods: [...new Set(rule.excludedPaymentMethods)],
    active: rule.active,
  };
}

export async function createRule(
  tx: MembershipTx,
  tenantId: string,
  input: z.infer<typeof RuleCreate>,
  actor: string,
): Promise<RuleView> {
  const rule: RuleInput = { ...defaults, ...dropUndefined(input) } as RuleInput;
  await checkRule(tx, rule);
  const row = await tx.insertInto("plugin_membership.points_rules")
    .values({ tenant_id: tenantId, id: uuidv7(), ...toRow(rule), created_by: actor })
    .returningAll().executeTakeFirstOrThrow();
  return toView(row);
}

/** Applies the changes to the rule as it is; the result must fit together as a whole. */
export async function updateRule(
  tx: MembershipTx,
  id: string,
  patch: z.infer<typeof RulePatch>,
): Promise<{ before: RuleView; after: RuleView } | undefined> {
  const before = await findRule(tx, id);
  if (!before) return undefined;
  const { id: _id, createdAt: _c, updatedAt: _u, ...current } = before;
  const rule: RuleInput = { ...current, ...dropUndefined(patch) } as RuleInput;
  await checkRule(tx, rule);
  const row = await tx.updateTable("plugin_membership.points_rules")
    .set({ ...toRow(rule), updated_at: new Date() }).where("id", "=", id)
    .returningAll().executeTakeFirstOrThrow();
  return { before, after: toView(row) };
}

export async function deleteRule(tx: MembershipTx, id: string): Promise<RuleView | undefined> {
  const before = await findRule(tx, id);
  if (!before) return undefined;
  await tx.deleteFrom("plugin_membership.points_rules").where("id", "=", id).execute();
  return before;
}

function dropUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
