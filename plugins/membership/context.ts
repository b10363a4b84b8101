/** The plugin's context type and how a route handler gets it, typed with the plugin's settings and tables. */
import {
  type PluginContext,
  pluginContextOf,
  type PluginJobContext,
  type PluginTx,
  type Principal,
} from "../../platform/sdk.ts";
import type { MembershipConfig } from "./config.ts";
import type { MembershipTables } from "./schema.ts";

export type MembershipCtx = PluginContext<MembershipConfig, MembershipTables>;
export type MembershipJobCtx = PluginJobContext<MembershipConfig, MembershipTables>;
export type MembershipTx = PluginTx<MembershipTables>;

export const membershipOf = (
  c: Parameters<typeof pluginContextOf>[0],
): MembershipCtx & { principal?: Principal } => pluginContextOf<MembershipConfig, MembershipTables>(c);
