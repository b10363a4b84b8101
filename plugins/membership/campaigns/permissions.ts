/** Who may see and run segments and campaigns: the operator's people; stores see none of it. */
import type { PluginGrant } from "../../../platform/sdk.ts";

export const READ = { permission: "membership:campaigns-read" } as const;
export const WRITE = { permission: "membership:campaigns-manage" } as const;

export const campaignGrants: Record<string, PluginGrant> = {
  [READ.permission]: {
    description: "see segments, campaigns, who received what and the weekly push report",
    roles: ["operator_admin", "operator_staff"],
  },
  [WRITE.permission]: {
    description: "create segments and campaigns, send, schedule and cancel campaigns",
    roles: ["operator_admin"],
  },
};
