/**
 * The installed plugins. To install one, add its folder under plugins/ and list it here; districts then enable
 * it (if their plan allows) in the console or with POST /api/v1/district/plugins/<id>/enable.
 */
import type { PluginDefinition } from "../platform/sdk.ts";
import membership from "./membership/plugin.ts";
import satisfaction from "./satisfaction/plugin.ts";

export const installedPlugins = [satisfaction, membership] as unknown as PluginDefinition<unknown, unknown>[];
