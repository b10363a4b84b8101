/** The coupons area's pages and their navigation entries. */
import type { PluginNavEntry, PluginPage } from "../../../platform/sdk.ts";
import { REDEEM_PATH, redeemPage } from "./pages-redeem.tsx";
import { REDEMPTIONS_PATH, redemptionsPage } from "./pages-redemptions.tsx";
import { templatePage } from "./pages-template.tsx";
import { COUPONS_PATH, templatesPage } from "./pages-templates.tsx";
import { walletPage } from "./pages-wallet.tsx";

export const couponPages: PluginPage[] = [templatesPage, templatePage, redeemPage, redemptionsPage, walletPage];

export const couponsNav: PluginNavEntry[] = [
  { path: COUPONS_PATH, label: { zh: "优惠券", en: "Coupons" }, permission: "membership:coupons-read" },
  { path: REDEEM_PATH, label: { zh: "核销优惠券", en: "Redeem a coupon" }, permission: "membership:coupons-redeem" },
  {
    path: REDEMPTIONS_PATH,
    label: { zh: "核销记录", en: "Coupon redemptions" },
    permission: "membership:coupons-read",
  },
];
