/** Shapes the members area's routes share in their OpenAPI schemas. */
import { z } from "@hono/zod-openapi";

export const TAG = "Plugin: membership · members";

export const DistrictParam = z.object({ district: z.string().describe("the district's slug") });

export const Level = z.object({
  id: z.string().uuid(),
  code: z.string(),
  name: z.object({ zh: z.string(), en: z.string() }),
  rank: z.number().int(),
}).openapi("MembershipLevelRef");

export const Profile = z.object({
  memberNo: z.string().describe("the card number, printed under the QR code"),
  mobile: z.string().describe("masked unless reveal=true"),
  name: z.string().nullable(),
  birthday: z.string().nullable().describe("YYYY-MM-DD, masked unless reveal=true"),
  level: Level.nullable(),
  joinedAt: z.string(),
  marketingConsent: z.boolean(),
  revealed: z.boolean(),
}).openapi("MembershipProfile");

export const ConsentState = z.object({
  granted: z.boolean(),
  decidedAt: z.string().nullable(),
  channel: z.string().nullable(),
});

export const MemberSummary = z.object({
  id: z.string().uuid(),
  memberNo: z.string(),
  mobile: z.string().describe("masked"),
  level: Level.nullable(),
  status: z.enum(["active", "erased"]),
  joinedAt: z.string(),
}).openapi("MembershipMemberSummary");

export const Paging = {
  page: z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(1, "starts at 1")
    .default(1),
  pageSize: z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(1, "at least 1")
    .max(100, "at most 100").default(20),
};

export const IdParam = z.object({ id: z.string().uuid({ error: "must be an id" }) });
