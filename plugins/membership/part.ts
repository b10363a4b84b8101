/**
 * The plugin is built from areas — members and cards, points, coupons, campaigns — each in its own folder with a
 * `part.ts` saying what it adds. plugin.ts joins the parts into one manifest, so an area never edits another's files.
 */
import type {
  ConsentPurpose,
  EventDefinition,
  PluginEventHandler,
  PluginGrant,
  PluginJob,
  PluginNavEntry,
  PluginPage,
  PluginRouter,
  PluginSchedule,
  RetentionDataClass,
  SubjectRightsHandler,
} from "../../platform/sdk.ts";
import type { MembershipConfig } from "./config.ts";
import type { MembershipTables } from "./schema.ts";

export interface MembershipPart {
  grants?: Record<string, PluginGrant>;
  routes?: (router: PluginRouter) => void;
  // deno-lint-ignore no-explicit-any -- jobs with different inputs
  jobs?: PluginJob<any, MembershipConfig, MembershipTables>[];
  schedules?: PluginSchedule[];
  events?: EventDefinition[];
  // deno-lint-ignore no-explicit-any -- handlers of different events
  handlers?: PluginEventHandler<any, MembershipConfig, MembershipTables>[];
  nav?: PluginNavEntry[];
  pages?: PluginPage[];
  subjectRights?: SubjectRightsHandler[];
  retention?: RetentionDataClass[];
  consentPurposes?: ConsentPurpose[];
}

/** One manifest's worth of everything the parts add, in the order given. */
export function joinParts(parts: MembershipPart[]) {
  const grants: Record<string, PluginGrant> = {};
  for (const part of parts) {
    for (const [name, grant] of Object.entries(part.grants ?? {})) {
      if (grants[name]) throw new Error(`membership: permission ${name} is defined by two areas`);
      grants[name] = grant;
    }
  }
  return {
    grants,
    routes: (router: PluginRouter) => {
      for (const part of parts) part.routes?.(router);
    },
    jobs: parts.flatMap((part) => part.jobs ?? []),
    schedules: parts.flatMap((part) => part.schedules ?? []),
    events: parts.flatMap((part) => part.events ?? []),
    handlers: parts.flatMap((part) => part.handlers ?? []),
    nav: parts.flatMap((part) => part.nav ?? []),
    pages: parts.flatMap((part) => part.pages ?? []),
    privacy: {
      subjectRights: parts.flatMap((part) => part.subjectRights ?? []),
      retention: parts.flatMap((part) => part.retention ?? []),
      consentPurposes: parts.flatMap((part) => part.consentPurposes ?? []),
    },
  };
}
