/**
 * How many points a sale earns, from the operator's earning rules (pure: no database). The formula, per line of
 * the receipt (an item, or the whole receipt when it lists none):
 *
 *   line yuan   = receipt amount × item amount / Σ item amounts / 100   (so discounts on the receipt are shared)
 *   base rule   = the most specific active base rule in its window: category at this store › category anywhere ›
 *                 this store › the district (the newest at the same level); none: the default rate setting
 *   line points = line yuan × base points per yuan × campaign multiplier × level multiplier
 *   campaign    = the highest multiplier of the active campaign rules in their window that cover the line
 *                 (district, this store, or the line's category); 1 when none — campaigns do not stack
 *
 * A rule that excludes the payment method earns nothing for its lines (a base rule) or does not multiply (a
 * campaign). Points are summed per base rule and rounded down once per rule; the rule's daily cap per member is
 * applied after (earning.ts, against what the member earned that day).
 */

export interface EarnRule {
  id: string;
  kind: "base" | "campaign";
  scope: "district" | "store" | "category";
  storeId: string | null;
  category: string | null;
  pointsPerYuan: number | null;
  multiplier: number | null;
  startsAt: Date | null;
  endsAt: Date | null;
  dailyCapPerMember: number | null;
  excludedPaymentMethods: string[];
  createdAt: Date;
}

export interface EarnSale {
  storeId: string;
  amountFen: number;
  paymentMethod: string;
  items: { category?: string; amountFen: number }[] | null;
  at: Date;
}

export interface EarnBucket {
  /** A base rule's id, or "default" for the district's default rate. */
  ruleKey: string;
  dailyCapPerMember: number | null;
  points: number;
}

export const DEFAULT_RULE = "default";

function inWindow(rule: EarnRule, at: Date): boolean {
  return (!rule.startsAt || rule.startsAt.getTime() <= at.getTime()) &&
    (!rule.endsAt || at.getTime() < rule.endsAt.getTime());
}

function newestFirst(a: EarnRule, b: EarnRule): number {
  return b.createdAt.getTime() - a.createdAt.getTime();
}

function baseRuleFor(rules: EarnRule[], storeId: string, category: string | undefined): EarnRule | undefined {
  const levels: ((rule: EarnRule) => boolean)[] = [
    (r) => r.scope === "category" && r.category === category && r.storeId === storeId,
    (r) => r.scope === "category" && r.category === category && r.storeId === null,
    (r) => r.scope === "store" && r.storeId === storeId,
    (r) => r.scope === "district",
  ];
  for (const matches of levels) {
    const found = rules.filter(matches).sort(newestFirst)[0];
    if (found) return found;
  }
  return undefined;
}

function covers(rule: EarnRule, storeId: string, category: string | undefined): boolean {
  if (rule.scope === "district") return true;
  if (rule.scope === "store") return rule.storeId === storeId;
  return rule.category === category && (rule.storeId === null || rule.storeId === storeId);
}

function linesOf(sale: EarnSale): { yuan: number; category?: string }[] {
  const items = sale.items ?? [];
  const itemsFen = items.reduce((sum, item) => sum + item.amountFen, 0);
  if (!items.length || itemsFen <= 0) return [{ yuan: sale.amountFen / 100 }];
  return items.map((item) => ({
    yuan: (sale.amountFen * item.amountFen) / itemsFen / 100,
    category: item.category?.trim() || undefined,
  }));
}

/** Points per base rule, before daily caps. */
export function earnBuckets(
  sale: EarnSale,
  rules: EarnRule[],
  options: { defaultPointsPerYuan: number; levelMultiplier: number },
): EarnBucket[] {
  const live = rules.filter((rule) => inWindow(rule, sale.at));
  const bases = live.filter((rule) => rule.kind === "base");
  const campaigns = live.filter((rule) =>
    rule.kind === "campaign" && !rule.excludedPaymentMethods.includes(sale.paymentMethod)
  );
  const buckets = new Map<string, { cap: number | null; points: number }>();
  for (const line of linesOf(sale)) {
    const base = baseRuleFor(bases, sale.storeId, line.category);
    const key = base?.id ?? DEFAULT_RULE;
    const bucket = buckets.get(key) ?? { cap: base?.dailyCapPerMember ?? null, points: 0 };
    buckets.set(key, bucket);
    if (base?.excludedPaymentMethods.includes(sale.paymentMethod)) continue;
    const perYuan = base ? base.pointsPerYuan ?? 0 : options.defaultPointsPerYuan;
    const campaign = Math.max(
      1,
      ...campaigns.filter((rule) => covers(rule, sale.storeId, line.category)).map((rule) => rule.multiplier ?? 1),
    );
    bucket.points += line.yuan * perYuan * campaign * options.levelMultiplier;
  }
  return [...buckets].map(([ruleKey, bucket]) => ({
    ruleKey,
    dailyCapPerMember: bucket.cap,
    // A hair above the floor, so 0.1 + 0.2 style sums that mean 0.3 are not rounded down a whole point.
    points: Math.floor(bucket.points + 1e-9),
  }));
}
