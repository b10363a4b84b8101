/** The members area's permissions and the roles that hold them. */
import type { PluginGrant } from "../../../platform/sdk.ts";

export const P = {
  read: "membership:members-read",
  tag: "membership:members-tag",
  levels: "membership:levels-manage",
  tags: "membership:tags-manage",
  serve: "membership:serve",
  storeMembers: "membership:store-members",
} as const;

export const membersGrants: Record<string, PluginGrant> = {
  [P.read]: {
    description: "see the district's members (masked), their levels, tags, stores and consent",
    roles: ["operator_admin", "operator_staff"],
  },
  [P.tag]: {
    description: "put hand-set tags on members and take them off",
    roles: ["operator_admin", "operator_staff"],
  },
  [P.levels]: { description: "define member levels, thresholds, multipliers and benefits", roles: ["operator_admin"] },
  [P.tags]: { description: "define member tags and their rules", roles: ["operator_admin"] },
  [P.serve]: {
    description: "look up a member at the till by their card's code or card number",
    roles: ["operator_admin", "operator_staff", "store_owner", "store_staff"],
    apiKeys: true,
  },
  [P.storeMembers]: {
    description: "see a store's members (store users: their own store's only)",
    roles: ["operator_admin", "operator_staff", "store_owner", "store_staff"],
  },
};
