/** The coupons API's request and response shapes (OpenAPI schemas), shared by the route modules. */
import { z } from "@hono/zod-openapi";

export const TAG = "Plugin: membership · coupons";

const uuid = z.string().uuid();
const time = z.string().datetime({ offset: true });
const fen = (max = 100_000_000) => z.int().min(1).max(max);

export const CouponKind = z.enum(["amount", "percent", "gift", "parking"]);

/** What a coupon gives, shared by templates, wallet entries and offers. */
const Terms = {
  title: z.string(),
  description: z.string().nullable(),
  kind: CouponKind,
  amountOffFen: z.number().int().nullable(),
  percentOff: z.number().int().nullable(),
  maxDiscountFen: z.number().int().nullable(),
  giftDescription: z.string().nullable(),
  freeMinutes: z.number().int().nullable(),
  minSpendFen: z.number().int(),
  ownerStoreId: uuid.nullable().describe("the store whose coupon it is (valid there only); null: the district's"),
};

export const TemplateInput = z.object({
  title: z.string().trim().min(2, "give the coupon a title of 2–60 characters").max(60),
  description: z.string().trim().max(500).optional(),
  kind: CouponKind,
  amountOffFen: fen().optional().describe("kind amount: fen off"),
  percentOff: z.int().min(1, "1–90 % off").max(90, "1–90 % off").optional().describe("kind percent: % off"),
  maxDiscountFen: fen().optional().describe("kind percent: the most it takes off, in fen"),
  giftDescription: z.string().trim().min(1).max(100).optional().describe("kind gift: what is given"),
  freeMinutes: z.int().min(1).max(1440).optional().describe("kind parking: free minutes"),
  minSpendFen: z.int().min(0).max(100_000_000).optional().describe("the smallest purchase it applies to"),
  validFrom: time.optional(),
  validUntil: time.optional(),
  validDays: z.int().min(1).max(366).optional().describe("valid for this many days from issue"),
  totalLimit: z.int().min(1).max(10_000_000).optional().describe("coupons to issue at most; none: no limit"),
  perMemberLimit: z.int().min(1).max(100).optional().describe("coupons one member may hold (default 1)"),
  pointsCost: z.int().min(1).max(10_000_000).optional().describe("members may exchange this many points for one"),
  claimable: z.boolean().optional().describe("members may claim it online"),
  storeIds: z.union([z.array(uuid).max(500), uuid]).optional()
    .describe("operator's templates: the stores where it is valid (one id or a list); none: every store"),
}).superRefine((input, ctx) => {
  const need = (field: keyof typeof input, message: string) => {
    if (input[field] === undefined) ctx.addIssue({ code: "custom", path: [field], message });
  };
  if (input.kind === "amount") need("amountOffFen", "give the amount off in fen");
  if (input.kind === "percent") {
    need("percentOff", "give the percentage off");
    need("maxDiscountFen", "give the most a percentage coupon takes off, in fen");
  }
  if (input.kind === "gift") need("giftDescription", "say what the gift is");
  if (input.kind === "parking") {
    need("freeMinutes", "give the free parking minutes");
    if (input.minSpendFen) {
      ctx.addIssue({ code: "custom", path: ["minSpendFen"], message: "a parking coupon has no minimum spend" });
    }
  }
  if (input.validUntil === undefined && input.validDays === undefined) {
    ctx.addIssue({ code: "custom", path: ["validUntil"], message: "give an end or a number of days" });
  }
  if (input.validUntil !== undefined && Date.parse(input.validUntil) <= Date.now()) {
    ctx.addIssue({ code: "custom", path: ["validUntil"], message: "the end must be in the future" });
  }
  if (
    input.validFrom !== undefined && input.validUntil !== undefined &&
    Date.parse(input.validFrom) >= Date.parse(input.validUntil)
  ) {
    ctx.addIssue({ code: "custom", path: ["validUntil"], message: "the end must come after the start" });
  }
});

export const Stats = z.object({
  issued: z.number().int(),
  active: z.number().int(),
  redeemed: z.number().int(),
  expired: z.number().int(),
  void: z.number().int().describe("detached from members whose data was erased"),
});

export const Template = z.object({
  id: uuid,
  ...Terms,
  validFrom: z.string().nullable(),
  validUntil: z.string().nullable(),
  validDays: z.number().int().nullable(),
  totalLimit: z.number().int().nullable(),
  perMemberLimit: z.number().int(),
  issuedCount: z.number().int(),
  pointsCost: z.number().int().nullable(),
  claimable: z.boolean(),
  status: z.enum(["active", "paused"]),
  storeIds: z.array(uuid).describe("where it is valid; empty: every store of the district"),
  createdAt: z.string(),
  stats: Stats,
}).openapi("CouponTemplate");

export const Batch = z.object({
  id: uuid,
  templateId: uuid,
  segmentId: uuid,
  status: z.enum(["queued", "running", "done"]),
  membersTotal: z.number().int().nullable(),
  issued: z.number().int(),
  skipped: z.number().int().describe("members the template's limits or state left without a coupon"),
  createdBy: z.string(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
}).openapi("CouponIssueBatch");

export const IssuedCoupon = z.object({
  id: uuid,
  templateId: uuid,
  code: z.string().describe("the code to show (member) or its last four characters (staff)"),
  source: z.enum(["claim", "push", "points", "survey", "birthday", "manual"]),
  status: z.enum(["active", "redeemed", "expired", "void"]),
  validFrom: z.string(),
  validUntil: z.string(),
  issuedAt: z.string(),
}).openapi("IssuedCoupon");

const ValidAt = z.array(z.string()).describe("names of the stores where it is valid; empty: every store");

export const WalletCoupon = z.object({
  id: uuid,
  templateId: uuid,
  code: z.string(),
  ...Terms,
  validAt: ValidAt,
  status: z.enum(["active", "redeemed", "expired"]),
  validFrom: z.string(),
  validUntil: z.string(),
  issuedAt: z.string(),
  redeemedAt: z.string().nullable(),
}).openapi("WalletCoupon");

export const OfferedCoupon = z.object({
  templateId: uuid,
  ...Terms,
  validAt: ValidAt,
  validFrom: z.string().nullable(),
  validUntil: z.string().nullable(),
  validDays: z.number().int().nullable(),
  claimable: z.boolean(),
  pointsCost: z.number().int().nullable(),
  remaining: z.number().int().nullable(),
  perMemberLimit: z.number().int(),
  held: z.number().int().nullable().describe("how many the signed-in member holds; null when not signed in"),
}).openapi("OfferedCoupon");

export const RedemptionResult = z.object({
  redemptionId: uuid,
  couponId: uuid,
  templateId: uuid,
  title: z.string(),
  kind: CouponKind,
  storeId: uuid.nullable(),
  discountFen: z.number().int(),
  payableFen: z.number().int().nullable(),
  gift: z.string().nullable(),
  freeMinutes: z.number().int().nullable(),
  redeemedAt: z.string(),
  repeated: z.boolean().describe("true: the same receipt asked again and this is the first redemption"),
}).openapi("CouponRedemptionResult");

export const Redemption = z.object({
  id: uuid,
  couponId: uuid,
  code: z.string().describe("masked"),
  templateId: uuid,
  title: z.string(),
  kind: z.enum(["store", "parking"]),
  storeId: uuid.nullable(),
  reference: z.string().nullable(),
  amountFen: z.number().int().nullable(),
  discountFen: z.number().int(),
  freeMinutes: z.number().int().nullable(),
  redeemedBy: z.string(),
  redeemedAt: z.string(),
  undoneAt: z.string().nullable(),
}).openapi("CouponRedemption");

export const Refusal = z.enum(["redeemed", "expired", "void", "not-yet-valid", "wrong-store", "parking"]);

export const CodeCheck = z.object({
  couponId: uuid,
  code: z.string(),
  templateId: uuid,
  ...Terms,
  status: z.enum(["active", "redeemed", "expired", "void"]),
  validFrom: z.string(),
  validUntil: z.string(),
  usable: z.boolean(),
  refusal: Refusal.nullable(),
  redemption: Redemption.nullable().describe("the redemption in force, when it was used"),
  undoUntil: z.string().nullable().describe("until when the store may undo that redemption"),
}).openapi("CouponCodeCheck");

export const DistrictParam = z.object({ district: z.string() });
export const TemplateParam = z.object({ templateId: uuid });
