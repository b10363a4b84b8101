/**
 * Navigation entries that plugins declare in their manifest (`nav: [{ path, label, permission }]`, pages under
 * /console/plugins/<id>), as console nav entries: shown to people holding the permission, in districts that have
 * the plugin enabled. Typed by shape, so the console does not depend on the plugin host's module.
 */
import type { NavEntry } from "./nav.ts";

export interface PluginWithNav {
  id: string;
  nav?: readonly { path: string; label: { zh: string; en: string }; permission: string }[];
}

/** Plugin entries come after the core's (order 100 and up), in the order the plugins are listed. */
export function pluginNavEntries(plugins: readonly PluginWithNav[]): NavEntry[] {
  return plugins.flatMap((plugin, index) =>
    (plugin.nav ?? []).map((entry, position): NavEntry => ({
      href: entry.path,
      label: entry.label,
      access: { permission: entry.permission },
      plugin: plugin.id,
      order: 100 + index * 10 + position,
    }))
  );
}
