/** What the members area adds to the plugin: joining, sign-in, cards, profiles, levels, tags, member pages. */
import type { EventDefinition } from "../../../platform/sdk.ts";
import type { MembershipPart } from "../part.ts";
import { membersEvents } from "./events.ts";
import { membersGrants, P } from "./grants.ts";
import { membersJobs, membersSchedules } from "./jobs.ts";
import { memberH5Pages } from "./pages-h5.tsx";
import { memberPage, membersPage } from "./pages-members.tsx";
import { levelsPage, tagsPage } from "./pages-setup.tsx";
import { storeMembersPage } from "./pages-store.tsx";
import { membersRetention, membersSubjectRights } from "./privacy.ts";
import { counterRoutes } from "./routes-counter.ts";
import { levelRoutes } from "./routes-levels.ts";
import { meRoutes } from "./routes-me.ts";
import { memberRoutes } from "./routes-members.ts";
import { signInRoutes } from "./routes-sign-in.ts";
import { tagRoutes } from "./routes-tags.ts";
import { saleJoinsStore } from "./sale-joins-store.ts";

export const membersPart: MembershipPart = {
  grants: membersGrants,
  routes: (router) => {
    signInRoutes(router);
    meRoutes(router);
    memberRoutes(router);
    counterRoutes(router);
    levelRoutes(router);
    tagRoutes(router);
  },
  jobs: membersJobs,
  schedules: membersSchedules,
  events: membersEvents as EventDefinition[],
  handlers: [saleJoinsStore],
  nav: [
    { path: membersPage.path, label: { zh: "会员", en: "Members" }, permission: P.read },
    { path: levelsPage.path, label: { zh: "会员等级", en: "Member levels" }, permission: P.read },
    { path: tagsPage.path, label: { zh: "会员标签", en: "Member tags" }, permission: P.read },
    { path: storeMembersPage.path, label: { zh: "门店会员", en: "Store members" }, permission: P.storeMembers },
  ],
  pages: [...memberH5Pages, membersPage, memberPage, levelsPage, tagsPage, storeMembersPage],
  subjectRights: [membersSubjectRights],
  retention: membersRetention,
};
