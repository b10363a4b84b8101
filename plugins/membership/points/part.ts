/** What the points area adds to the membership plugin: routes, jobs, handlers, pages, privacy registrations. */
import type { MembershipPart } from "../part.ts";
import { pointsExpiring } from "./events.ts";
import { pointsDaily } from "./expiry-job.ts";
import { pointsNav, pointsPages } from "./pages.ts";
import { pointsSubjectRights } from "./privacy.ts";
import { pointsRoutes } from "./routes.ts";
import { earnFromSales } from "./sale-handler.ts";

export const pointsPart: MembershipPart = {
  grants: {
    "membership:points-read": {
      description: "see earning rules, participating stores and members' points ledgers",
      roles: ["operator_admin", "operator_staff"],
    },
    "membership:points-manage": {
      description: "change earning rules and participating stores, adjust members' points",
      roles: ["operator_admin"],
    },
    "membership:points-counter": {
      description: "redeem members' points and award points by hand at one's own store",
      roles: ["store_owner", "store_staff"],
      apiKeys: true,
    },
    "membership:points-settlement": {
      description: "see the points settlement between stores (a store owner: the store's own line)",
      roles: ["operator_admin", "operator_staff", "store_owner"],
    },
  },
  routes: pointsRoutes,
  jobs: [pointsDaily],
  schedules: [{ job: pointsDaily.name, cron: "20 0 * * *" }],
  events: [pointsExpiring],
  handlers: [earnFromSales],
  nav: pointsNav,
  pages: pointsPages,
  subjectRights: [pointsSubjectRights],
};
