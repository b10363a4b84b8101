/** What the coupons area adds to the membership plugin: routes, jobs, handlers, pages, privacy registrations. */
import type { MembershipPart } from "../part.ts";
import { couponRedeemed, parkingCouponRedeemed } from "./events.ts";
import { couponSchedules, expireCoupons, issueBatch } from "./jobs.ts";
import { couponPages, couponsNav } from "./pages.tsx";
import { couponsSubjectRights } from "./privacy.ts";
import { issueRoutes } from "./routes-issue.ts";
import { publicCouponRoutes } from "./routes-public.ts";
import { redeemRoutes } from "./routes-redeem.ts";
import { templateRoutes } from "./routes-templates.ts";

export const couponsPart: MembershipPart = {
  grants: {
    "membership:coupons-read": {
      description: "see coupon templates, their counts and redemptions (a store: its own)",
      roles: ["operator_admin", "operator_staff", "store_owner", "store_staff"],
    },
    "membership:coupons-manage": {
      description: "create, pause and resume coupon templates (a store owner: the store's own)",
      roles: ["operator_admin", "store_owner"],
    },
    "membership:coupons-issue": {
      description: "issue coupons to a segment or to one member (survey rewards, manual grants)",
      roles: ["operator_admin", "operator_staff"],
    },
    "membership:coupons-redeem": {
      description: "check and redeem coupons at a till, and undo a redemption shortly after",
      roles: ["operator_admin", "operator_staff", "store_owner", "store_staff"],
      apiKeys: true,
    },
    "membership:parking-coupons": {
      description: "redeem parking coupons for the district's car parks",
      roles: ["operator_admin", "operator_staff"],
      apiKeys: true,
    },
  },
  routes: (router) => {
    templateRoutes(router);
    issueRoutes(router);
    redeemRoutes(router);
    publicCouponRoutes(router);
  },
  jobs: [expireCoupons, issueBatch],
  schedules: couponSchedules,
  events: [couponRedeemed, parkingCouponRedeemed],
  nav: couponsNav,
  pages: couponPages,
  subjectRights: [couponsSubjectRights],
};
