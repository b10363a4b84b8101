/** Kysely types of every table of the plugin, one interface per area. */
import type { CampaignsTables } from "./campaigns/schema.ts";
import type { CouponsTables } from "./coupons/schema.ts";
import type { MembersTables } from "./members/schema.ts";
import type { PointsTables } from "./points/schema.ts";

export type MembershipTables = MembersTables & PointsTables & CouponsTables & CampaignsTables;
