/**
 * Tenants as code: plans and districts are JSON files in `tenants/`, validated here. `plans.json` lists the
 * subscription plans, `bureaus.json` the city commerce bureaus and their jurisdictions, `demo-accounts.json` the
 * demo people (used only with demo data on); every other `*.json` file defines one district (one tenant).
 */
import { z } from "zod";

const slug = z.string().regex(
  /^[a-z0-9][a-z0-9-]{1,62}$/,
  "must be lower-case letters, digits and dashes",
);
const pluginId = z.string().regex(
  /^[a-z][a-z0-9-]{1,31}$/,
  "must be a plugin id like parking or gov-reporting",
);
const bilingual = z.object({
  zh: z.string().trim().min(1, "needs a Chinese name"),
  en: z.string().trim().min(1, "needs an English name"),
}).strict();

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const PlanDefinition = z.object({
  id: z.string().regex(
    /^[a-z][a-z0-9-]{1,31}$/,
    "must be a short lower-case id",
  ),
  name: bilingual,
  plugins: z.array(pluginId),
}).strict();
export type PlanDefinition = z.infer<typeof PlanDefinition>;

export const TenantDefinition = z.object({
  slug,
  name: bilingual,
  city: z.string().trim().min(1, "needs the city, e.g. 徐州市"),
  plan: z.string().min(1),
  timeZone: z.string().refine(
    isTimeZone,
    "must be an IANA time zone such as Asia/Shanghai",
  ).default(
    "Asia/Shanghai",
  ),
  plugins: z.array(pluginId).default([]),
}).strict();
export type TenantDefinition = z.infer<typeof TenantDefinition>;

export const BureauDefinition = z.object({
  slug,
  name: bilingual,
  city: z.string().trim().min(1, "needs the city, e.g. 徐州市"),
  /** Slugs of the districts in the bureau's jurisdiction. */
  districts: z.array(slug),
}).strict();
export type BureauDefinition = z.infer<typeof BureauDefinition>;

export interface TenantCatalogue {
  plans: PlanDefinition[];
  tenants: TenantDefinition[];
  bureaus?: BureauDefinition[];
}

/** Files in tenants/ that are not district definitions. */
const SPECIAL_FILES = new Set(["plans.json", "bureaus.json", "demo-accounts.json"]);

export class DefinitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DefinitionError";
  }
}

function describeIssues(file: string, error: z.ZodError): string {
  return error.issues.map((issue) => `${file}: ${issue.path.join(".") || "(file)"} ${issue.message}`).join("\n");
}

/** Checks the catalogue as a whole: unique ids, known plans, plugins the plan allows. */
export function checkCatalogue(catalogue: TenantCatalogue): TenantCatalogue {
  const problems: string[] = [];
  const plans = new Map<string, PlanDefinition>();
  for (const plan of catalogue.plans) {
    if (plans.has(plan.id)) problems.push(`plan ${plan.id} is defined twice`);
    plans.set(plan.id, plan);
  }
  const slugs = new Set<string>();
  for (const tenant of catalogue.tenants) {
    if (slugs.has(tenant.slug)) {
      problems.push(`tenant ${tenant.slug} is defined twice`);
    }
    slugs.add(tenant.slug);
    const plan = plans.get(tenant.plan);
    if (!plan) {
      problems.push(
        `tenant ${tenant.slug}: unknown plan "${tenant.plan}" (known: ${[...plans.keys()].join(", ")})`,
      );
      continue;
    }
    for (const plugin of tenant.plugins) {
      if (!plan.plugins.includes(plugin)) {
        problems.push(
          `tenant ${tenant.slug}: plan ${plan.id} does not include plugin "${plugin}"`,
        );
      }
    }
  }
  const bureauSlugs = new Set<string>();
  for (const bureau of catalogue.bureaus ?? []) {
    if (bureauSlugs.has(bureau.slug)) problems.push(`bureau ${bureau.slug} is defined twice`);
    bureauSlugs.add(bureau.slug);
    for (const district of bureau.districts) {
      if (!slugs.has(district)) problems.push(`bureau ${bureau.slug}: unknown district "${district}"`);
    }
  }
  if (problems.length) throw new DefinitionError(problems.join("\n"));
  return catalogue;
}

export const TENANTS_DIR = new URL("../../tenants/", import.meta.url);

/** Reads and checks every definition in the folder; all problems are reported together. */
export async function loadTenantCatalogue(
  dir: URL = TENANTS_DIR,
): Promise<TenantCatalogue> {
  const problems: string[] = [];
  const plans: PlanDefinition[] = [];
  const tenants: TenantDefinition[] = [];
  const bureaus: BureauDefinition[] = [];
  const files: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile && entry.name.endsWith(".json")) files.push(entry.name);
  }
  for (const file of files.sort()) {
    let json: unknown;
    try {
      json = JSON.parse(await Deno.readTextFile(new URL(file, dir)));
    } catch (error) {
      problems.push(
        `tenants/${file}: not valid JSON (${(error as Error).message})`,
      );
      continue;
    }
    if (file === "plans.json") {
      const parsed = z.array(PlanDefinition).safeParse(json);
      if (parsed.success) plans.push(...parsed.data);
      else problems.push(describeIssues(`tenants/${file}`, parsed.error));
    } else if (file === "bureaus.json") {
      const parsed = z.array(BureauDefinition).safeParse(json);
      if (parsed.success) bureaus.push(...parsed.data);
      else problems.push(describeIssues(`tenants/${file}`, parsed.error));
    } else if (!SPECIAL_FILES.has(file)) {
      const parsed = TenantDefinition.safeParse(json);
      if (parsed.success) tenants.push(parsed.data);
      else problems.push(describeIssues(`tenants/${file}`, parsed.error));
    }
  }
  if (problems.length) throw new DefinitionError(problems.join("\n"));
  return checkCatalogue({ plans, tenants, bureaus });
}
