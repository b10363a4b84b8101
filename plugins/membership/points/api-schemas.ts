/** Shapes the points area's routes share in their OpenAPI schemas. */
import { z } from "@hono/zod-openapi";

export const TAG = "Plugin: membership · points";

export const KINDS = ["earn", "redeem", "expire", "adjust", "reverse"] as const;

export const IdempotencyKey = z.string().trim().min(8, "at least 8 characters").max(100, "at most 100 characters")
  .regex(/^[\w.:-]+$/, "letters, digits and . _ : - only")
  .describe("your own id of this request (a receipt number, a UUID): sending it again changes nothing");

export const MemberInput = z.string().trim().min(1, "scan the member's code or type the card number").max(40)
  .describe("the member's scanned card code (card number + 6 digits) or the 12-digit card number");

export const Paging = {
  page: z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(1, "starts at 1")
    .default(1),
  pageSize: z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(1, "at least 1")
    .max(100, "at most 100").default(20),
};

export const LedgerItem = z.object({
  id: z.string().uuid(),
  kind: z.enum(KINDS),
  points: z.number().int().describe("positive credits, negative debits"),
  balanceAfter: z.number().int(),
  storeId: z.string().uuid().nullable().describe("where it happened; null: the district"),
  storeName: z.string().nullable(),
  reason: z.string(),
  at: z.string(),
}).openapi("PointsLedgerItem");

export const Expiring = z.object({
  expiresAt: z.string(),
  points: z.number().int(),
}).openapi("PointsExpiring");

export const LedgerPage = z.object({
  balance: z.number().int().describe("points the member can spend now"),
  expiring: z.array(Expiring).describe("points expiring within the notice window, soonest first"),
  items: z.array(LedgerItem),
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int(),
});

export const Consumption = z.object({
  originStoreId: z.string().uuid().nullable().describe("the store that issued the points; null: the district"),
  points: z.number().int(),
});

export const LedgerWrite = z.object({
  entryId: z.string().uuid(),
  memberNo: z.string(),
  points: z.number().int(),
  balance: z.number().int().describe("the member's balance right after"),
});
