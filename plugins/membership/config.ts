/**
 * The district's settings of the plugin: one flat object (the console's settings form shows flat fields), made of
 * each area's fields. Rules that operators change often (earning rules, levels, coupon templates) are data in the
 * plugin's tables with their own pages, not settings.
 */
import { z } from "zod";
import { campaignsConfigShape } from "./campaigns/config.ts";
import { couponsConfigShape } from "./coupons/config.ts";
import { membersConfigShape } from "./members/config.ts";
import { pointsConfigShape } from "./points/config.ts";

export const membershipConfig = z.object({
  ...membersConfigShape,
  ...pointsConfigShape,
  ...couponsConfigShape,
  ...campaignsConfigShape,
}).strict();

export type MembershipConfig = z.infer<typeof membershipConfig>;
