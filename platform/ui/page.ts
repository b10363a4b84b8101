/**
 * What a page is: a path, who may open it, an optional navigation entry, and a render function. Core pages are
 * listed in pages/mod.ts; a plugin's pages are the same objects (with `plugin` set), so adding a page and its nav
 * entry is one object in one list.
 */
import type { ComponentChildren } from "preact";
import type { Context } from "hono";
import type { Kysely } from "kysely";
import type { CoreDatabase } from "../db/schema.ts";
import type { AppEnv } from "../http/request-context.ts";
import type { UserPrincipal } from "../identity/principal.ts";
import type { Locale } from "./i18n/locale.ts";
import type { Translate } from "./i18n/translate.ts";
import type { InternalApi } from "./internal-api.ts";
import type { Label, NavEntry } from "./nav.ts";

/**
 * Same words as guarded-route.ts: a permission (in a district unless `tenant: false`), signed in, or public. A page
 * that gathers sections guarded by different permissions (each section's API call checks its own) may name them
 * with `anyPermission`: it opens for whoever holds at least one.
 */
export type PageAccess =
  | { permission: string; tenant?: boolean }
  | { anyPermission: readonly string[]; tenant?: boolean }
  | "signed-in"
  | "public";

export interface PageContext {
  c: Context<AppEnv>;
  locale: Locale;
  t: Translate;
  /** The signed-in person; pages that are not public always have one. */
  principal?: UserPrincipal;
  db: Kysely<CoreDatabase>;
  /** The JSON API, called in-process as the same person: pages show what the API would show them. */
  api: InternalApi;
  /** The navigation this person sees (the console home lists it as what they can do). */
  nav: NavEntry[];
}

export interface PageView {
  title: string;
  body: ComponentChildren;
  status?: 200 | 201 | 403 | 404 | 409 | 500;
  /** Pages for people who are not signed in (sign-in, registration) use a narrow column. */
  narrow?: boolean;
  /**
   * "consumer": a page for the district's shoppers (H5, opened from a QR code or a mini-program): a narrow column
   * under a plain header — no navigation, no sign-in link, only the language switch.
   */
  frame?: "console" | "consumer";
}

export interface UiPage {
  /** A Hono path outside /api, e.g. "/console/stores" or "/register/:slug". */
  path: string;
  access: PageAccess;
  /** Set for a plugin's page: 404 and no nav entry unless the district has the plugin enabled. */
  plugin?: string;
  /** An entry in the navigation (and on the console home, with its description), shown to who may open it. */
  nav?: { label: Label; order: number; description?: Label };
  render(ctx: PageContext): PageView | Response | Promise<PageView | Response>;
}

/**
 * What a plugin's page receives: the page context without the database handle. A plugin page reads through the
 * API (`ctx.api`), like every page, so permissions, district scoping and masking apply as they do for the API.
 */
export type PluginPageContext = Omit<PageContext, "db">;

/**
 * A page a plugin's manifest contributes (`pages`): a UiPage under `/console/plugins/<id>` (signed-in console
 * pages) or `/d/:district/<id>` (public consumer pages, the district from the slug). The host sets `plugin`, so
 * a district that has not enabled the plugin gets 404 and no navigation entry.
 */
export interface PluginPage extends Omit<UiPage, "plugin" | "render"> {
  render(ctx: PluginPageContext): PageView | Response | Promise<PageView | Response>;
}

/** Narrows a page's principal after the guard let it through. */
export function signedInPrincipal(ctx: { principal?: UserPrincipal }): UserPrincipal {
  if (!ctx.principal) throw new Error("signedInPrincipal used on a public page");
  return ctx.principal;
}
