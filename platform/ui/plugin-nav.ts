/**
 * What plugins' manifests contribute to the console: navigation entries (`nav: [{ path, label, permission }]`,
 * pages under /console/plugins/<id>) and pages (`pages: PluginPage[]`). Typed by shape, so the console does not
 * depend on the plugin host's module.
 */
import type { NavEntry } from "./nav.ts";
import type { PluginPage, UiPage } from "./page.ts";

export interface PluginWithNav {
  id: string;
  nav?: readonly { path: string; label: { zh: string; en: string }; permission: string }[];
}

export interface PluginWithPages {
  id: string;
  pages?: readonly PluginPage[];
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

/**
 * The plugins' pages as console pages, each marked with its plugin: a district that has not enabled it gets 404
 * and no navigation entry. (A plugin page's context has no database handle in its type; it reads through the API.)
 */
export function pluginPages(plugins: readonly PluginWithPages[]): UiPage[] {
  return plugins.flatMap((plugin) => (plugin.pages ?? []).map((page): UiPage => ({ ...page, plugin: plugin.id })));
}
