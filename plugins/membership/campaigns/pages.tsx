/** The campaigns area's pages and console navigation entries. */
import type { PluginNavEntry, PluginPage } from "../../../platform/sdk.ts";
import { campaignPage } from "./pages-campaign.tsx";
import { CAMPAIGNS_PATH, campaignsPage } from "./pages-campaigns.tsx";
import { inboxPage, settingsPage, unsubscribePage } from "./pages-member.tsx";
import { SEGMENTS_PATH, segmentsPage } from "./pages-segments.tsx";
import { READ } from "./permissions.ts";

export const campaignPages: PluginPage[] = [
  segmentsPage,
  campaignsPage,
  campaignPage,
  inboxPage,
  settingsPage,
  unsubscribePage,
];

export const campaignNav: PluginNavEntry[] = [
  { path: SEGMENTS_PATH, label: { zh: "会员分群", en: "Member segments" }, permission: READ.permission },
  { path: CAMPAIGNS_PATH, label: { zh: "精准推送", en: "Targeted push" }, permission: READ.permission },
];
