/** What the campaigns area adds to the membership plugin: routes, jobs, handlers, pages, privacy registrations. */
import type { PluginRouter } from "../../../platform/sdk.ts";
import type { MembershipPart } from "../part.ts";
import { campaignNav, campaignPages } from "./pages.tsx";
import { campaignGrants } from "./permissions.ts";
import { campaignsRetention, campaignsSubjectRights } from "./privacy.ts";
import { campaignRoutes } from "./routes-campaigns.ts";
import { memberRoutes } from "./routes-member.ts";
import { resultRoutes } from "./routes-results.ts";
import { segmentRoutes } from "./routes-segments.ts";
import { unsubscribeRoutes } from "./routes-unsubscribe.ts";
import { campaignDispatch, campaignSend } from "./send-job.ts";

export const campaignsPart: MembershipPart = {
  grants: campaignGrants,
  routes: (router: PluginRouter) => {
    segmentRoutes(router);
    // Before /campaigns/{id}, which would take "weekly-report" for an id.
    resultRoutes(router);
    campaignRoutes(router);
    memberRoutes(router);
    unsubscribeRoutes(router);
  },
  jobs: [campaignSend, campaignDispatch],
  schedules: [{ job: campaignDispatch.name, cron: "* * * * *" }],
  nav: campaignNav,
  pages: campaignPages,
  subjectRights: [campaignsSubjectRights],
  retention: campaignsRetention,
};
