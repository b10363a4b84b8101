/** The points area's pages and their navigation entries. */
import type { PluginNavEntry, PluginPage } from "../../../platform/sdk.ts";
import { COUNTER_PATH, counterPage } from "./pages-counter.tsx";
import { pointsH5Page } from "./pages-h5.tsx";
import { memberPointsPage, MEMBERS_PATH } from "./pages-members.tsx";
import { RULES_PATH, rulesPage, storesPage } from "./pages-rules.tsx";
import { SETTLEMENT_PATH, settlementPage } from "./pages-settlement.tsx";

export const pointsPages: PluginPage[] = [
  rulesPage,
  storesPage,
  memberPointsPage,
  settlementPage,
  counterPage,
  pointsH5Page,
];

export const pointsNav: PluginNavEntry[] = [
  { path: RULES_PATH, label: { zh: "积分规则", en: "Earning rules" }, permission: "membership:points-read" },
  { path: MEMBERS_PATH, label: { zh: "会员积分", en: "Members' points" }, permission: "membership:points-read" },
  {
    path: SETTLEMENT_PATH,
    label: { zh: "积分结算", en: "Points settlement" },
    permission: "membership:points-settlement",
  },
  { path: COUNTER_PATH, label: { zh: "积分收银", en: "Points at the till" }, permission: "membership:points-counter" },
];
