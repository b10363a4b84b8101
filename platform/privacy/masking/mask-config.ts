/**
 * How much of each kind of personal information stays visible on screen. Tenants may show less than the
 * defaults or, within limits, a little more; the limits keep the part that identifies a person hidden whatever a
 * tenant configures (the middle four digits of a mobile number, the birth date in an ID number).
 */
import { z } from "zod";

/** Unknown keys are reported by code in parseMaskConfig; this message is for a value that is not an object. */
const OBJECT = { error: "must be an object" };

function keep(max: number, why: string) {
  return z.number({ error: "must be a number" })
    .int("must be a whole number")
    .min(0, "must be 0 or more")
    .max(max, `may be at most ${max} (${why})`);
}

function span(
  defaults: { keepStart: number; keepEnd: number },
  limits: { keepStart: number; keepEnd: number },
  why: string,
) {
  return z.strictObject({
    keepStart: keep(limits.keepStart, why).default(defaults.keepStart),
    keepEnd: keep(limits.keepEnd, why).default(defaults.keepEnd),
  }, OBJECT).prefault({});
}

export const ADDRESS_LEVELS = ["none", "province", "city", "district"] as const;
export type AddressLevel = typeof ADDRESS_LEVELS[number];

export const maskConfigSchema = z.strictObject({
  /** One character drawn in place of each hidden one. */
  maskChar: z.string({ error: "must be text" })
    .refine((value) => Array.from(value).length === 1, "must be exactly one character")
    .default("*"),
  /** 138****5678 */
  phone: span({ keepStart: 3, keepEnd: 4 }, { keepStart: 3, keepEnd: 4 }, "the middle four digits stay hidden"),
  /** 320311********1237: region kept, birth date and sequence hidden. */
  idNumber: span({ keepStart: 6, keepEnd: 4 }, { keepStart: 6, keepEnd: 4 }, "the birth date stays hidden"),
  /** 91320302******123W: authority, type and region kept. A sole trader's code leads to a person. */
  creditCode: span({ keepStart: 8, keepEnd: 4 }, { keepStart: 8, keepEnd: 4 }, "the subject identifier stays hidden"),
  /** 苏C***45: province and office letter (keepStart 2), last two characters. */
  plate: span({ keepStart: 2, keepEnd: 2 }, { keepStart: 2, keepEnd: 2 }, "the serial number stays hidden"),
  /** ************0128; at most the issuer prefix (6) and last 4, as card-industry rules allow. */
  bankCard: span({ keepStart: 0, keepEnd: 4 }, { keepStart: 6, keepEnd: 4 }, "the account digits stay hidden"),
  /** 张** / 欧阳**; keepEnd 1 gives 张*丰. */
  name: z.strictObject({
    keepSurname: z.boolean({ error: "must be true or false" }).default(true),
    keepEnd: keep(1, "the given name stays hidden").default(0),
  }, OBJECT).prefault({}),
  /** z***@163.com: leading characters of the part before @; the domain is kept. */
  email: z.strictObject({
    keepStart: keep(3, "the mailbox name stays hidden").default(1),
  }, OBJECT).prefault({}),
  /** 江苏省徐州市云龙区****: the address up to this administrative level. */
  address: z.strictObject({
    keepLevel: z.enum(ADDRESS_LEVELS, { error: `must be one of ${ADDRESS_LEVELS.join(", ")}` }).default("district"),
  }, OBJECT).prefault({}),
}, OBJECT).prefault({});

export type MaskConfig = z.output<typeof maskConfigSchema>;
export type MaskConfigInput = z.input<typeof maskConfigSchema>;

export const DEFAULT_MASK_CONFIG: MaskConfig = Object.freeze(maskConfigSchema.parse(undefined));

export class MaskConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MaskConfigError";
  }
}

/** A tenant's stored configuration, completed with the defaults; one message per problem, naming the setting. */
export function parseMaskConfig(input: unknown): MaskConfig {
  const result = maskConfigSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.join(".");
    if (issue.code === "unrecognized_keys") {
      return `${path ? `${path}: ` : ""}unknown setting ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}`;
    }
    return `${path || "masking configuration"} ${issue.message}`;
  });
  throw new MaskConfigError(`masking configuration is invalid: ${problems.join("; ")}`);
}
