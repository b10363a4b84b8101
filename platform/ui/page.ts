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

/** Same words as guarded-route.ts: a permission (in a district unless `tenant: false`), signed in, or public. */
export type PageAccess = { permission: string; tenant?: boolean } | "signed-in" | "public";

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

/** Narrows a page's principal after the guard let it through. */
export function signedInPrincipal(ctx: PageContext): UserPrincipal {
  if (!ctx.principal) throw new Error("signedInPrincipal used on a public page");
  return ctx.principal;
}
