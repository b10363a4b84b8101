/**
 * Membership (会员): electronic member cards with rotating codes, one points ledger for the whole district (联盟积分),
 * coupons redeemed at the stores, segments and consented push. Requirements: the Ministry of Commerce guide's store
 * indicators 5–7 and the Xuzhou standard §6.6 and §7.3. Each area is a folder with a `part.ts`; this file joins them.
 */
import { definePlugin } from "../../platform/sdk.ts";
import { campaignsPart } from "./campaigns/part.ts";
import { type MembershipConfig, membershipConfig } from "./config.ts";
import { couponsPart } from "./coupons/part.ts";
import { membersPart } from "./members/part.ts";
import { joinParts } from "./part.ts";
import { pointsPart } from "./points/part.ts";
import type { MembershipTables } from "./schema.ts";

const parts = joinParts([membersPart, pointsPart, couponsPart, campaignsPart]);

export default definePlugin<MembershipConfig, MembershipTables>({
  id: "membership",
  name: { zh: "会员与积分", en: "Membership and points" },
  description: {
    zh: "电子会员卡、商圈联盟积分、优惠券、会员分群与精准推送（需会员同意）",
    en: "Electronic member cards, district-wide alliance points, coupons, segments and consented push",
  },
  version: "1.0.0",
  core: "^0.1.0",
  capabilities: ["events:publish", "audit:write", "pii:encrypt", "consent:check", "consent:record"],
  grants: parts.grants,
  config: membershipConfig,
  migrations: new URL("./migrations/", import.meta.url),
  routes: parts.routes,
  events: parts.events,
  jobs: parts.jobs,
  schedules: parts.schedules,
  handlers: parts.handlers,
  nav: parts.nav,
  pages: parts.pages,
  privacy: parts.privacy,
  indicators: [
    {
      table: "store",
      item: 5,
      evidence: { zh: "卡券线上发放、线下核销", en: "Coupons issued online and redeemed in store" },
    },
    {
      table: "store",
      item: 6,
      evidence: { zh: "电子会员卡、积分查询与兑换", en: "Electronic member cards, points balance and redemption" },
    },
    {
      table: "store",
      item: 7,
      evidence: { zh: "经会员授权的精准推送", en: "Targeted push to members who consented" },
    },
    {
      table: "district",
      item: 13,
      evidence: { zh: "商圈联盟会员积分共享", en: "District-wide alliance points shared by the stores" },
    },
  ],
});
