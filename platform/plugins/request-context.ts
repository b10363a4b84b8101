/** Inside a plugin's route handler: the plugin's context for the caller's district. */
import type { Context } from "hono";
import type { Principal } from "../identity/principal.ts";
import type { PluginContext } from "./types.ts";

export function pluginContextOf<Config = unknown, DB = unknown>(
  c: Context,
): PluginContext<Config, DB> & { principal?: Principal } {
  const context = c.get("plugin" as never) as PluginContext<Config, DB> | undefined;
  if (!context) throw new Error("pluginContextOf used outside a plugin route");
  return { ...context, principal: c.get("principal" as never) as Principal | undefined };
}
