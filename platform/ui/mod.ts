/**
 * The web console: server-rendered Preact pages with islands, in Chinese first and English. `createApp` calls
 * registerWebConsole once; modules pass their pages in `pages` (a page with `nav` gets a navigation entry) —
 * plugins' pages as `pluginPages(plugins)` — and the navigation entries of plugins' manifests
 * (`pluginNavEntries(plugins)`) go in `nav`.
 */
import type { Hono } from "hono";
import type { Kysely } from "kysely";
import type { CoreDatabase } from "../db/schema.ts";
import type { ExtraGrants } from "../identity/permissions.ts";
import type { AppEnv } from "../http/request-context.ts";
import { registerUiAssets } from "./assets.ts";
import { registerLanguageSwitch } from "./language-switch.ts";
import { type DistrictBySlug, mountPages } from "./mount-pages.ts";
import type { NavEntry } from "./nav.ts";
import type { UiPage } from "./page.ts";
import { CORE_PAGES } from "./pages/mod.ts";
import { registerSignOut } from "./sign-out.ts";

export type { NavEntry } from "./nav.ts";
export type { PluginPage, UiPage } from "./page.ts";
export { pluginNavEntries, pluginPages } from "./plugin-nav.ts";
/** `/console/plugins`: mounted with the plugin host, whose API (/api/v1/district/plugins) it reads. */
export { pluginsPage } from "./pages/plugins.tsx";
export { UiBuildError, uiBundle } from "./build/bundle.ts";

export function registerWebConsole(
  app: Hono<AppEnv>,
  deps: {
    db: Kysely<CoreDatabase>;
    pages?: readonly UiPage[];
    nav?: readonly NavEntry[];
    /** Permissions plugins add to roles. */
    grants?: ExtraGrants;
    /** The district of a consumer page's slug (`/d/:district/…`), to check its plugin is enabled there. */
    districtBySlug?: DistrictBySlug;
  },
): void {
  registerUiAssets(app);
  registerLanguageSwitch(app);
  registerSignOut(app, deps.db, deps.grants);
  mountPages(
    app,
    deps.db,
    [...CORE_PAGES, ...(deps.pages ?? [])],
    deps.nav ?? [],
    deps.grants,
    deps.districtBySlug,
  );
}
