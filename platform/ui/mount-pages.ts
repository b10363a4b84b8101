/**
 * Mounts pages on the app: each GET route reads the session with the same `authenticate` middleware as the API,
 * then checks access on the server — anonymous visitors are sent to /login?next=…, signed-in people without the
 * permission get the 403 page, a plugin page of a district without that plugin is a 404 — before the page
 * renders. The navigation is built from the same page list, so it never links where the guard would refuse.
 * Consumer pages (`/d/:district/…`) take their district from the slug in the path, not from a session.
 */
import type { Context, Hono } from "hono";
import { getCookie } from "hono/cookie";
import type { Kysely } from "kysely";
import type { CoreDatabase } from "../db/schema.ts";
import { authenticate } from "../http/auth.ts";
import type { ExtraGrants } from "../identity/permissions.ts";
import type { AppEnv } from "../http/request-context.ts";
import { enabledPlugins } from "./enabled-plugins.ts";
import { LANG_COOKIE, pickLocale } from "./i18n/locale.ts";
import { translator } from "./i18n/translate.ts";
import { ApiCallError, internalApi } from "./internal-api.ts";
import { mayOpen, type NavEntry, visibleNav } from "./nav.ts";
import type { PageContext, PageView, UiPage } from "./page.ts";
import { errorView, noAccessView, notFoundView } from "./pages/status-views.tsx";
import { currentPathOf, renderView } from "./render-page.tsx";

export function navEntriesOf(pages: readonly UiPage[]): NavEntry[] {
  return pages.flatMap((page) =>
    page.nav ? [{ href: page.path, ...page.nav, access: page.access, plugin: page.plugin }] : []
  );
}

export function pageContext(app: Hono<AppEnv>, db: Kysely<CoreDatabase>, c: Context<AppEnv>): PageContext {
  const principal = c.get("principal");
  const locale = pickLocale(getCookie(c, LANG_COOKIE), c.req.header("accept-language"));
  return {
    c,
    locale,
    t: translator(locale),
    principal: principal?.kind === "user" ? principal : undefined,
    db,
    api: internalApi(app, c),
    nav: [],
  };
}

/** The path prefix of consumer pages; `:district` is the district's slug. */
export const CONSUMER_PREFIX = "/d/:district/";

const SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** Finds an active district by its slug (the plugin host's cached lookup); undefined when there is none. */
export type DistrictBySlug = (slug: string) => Promise<string | undefined>;

export function mountPages(
  app: Hono<AppEnv>,
  db: Kysely<CoreDatabase>,
  pages: readonly UiPage[],
  extraNav: readonly NavEntry[] = [],
  grants: ExtraGrants = {},
  districtBySlug: DistrictBySlug = () => Promise.resolve(undefined),
): void {
  const entries = [...navEntriesOf(pages), ...extraNav];
  const anyPluginEntry = entries.some((entry) => entry.plugin) || pages.some((page) => page.plugin);
  const auth = authenticate(db, grants);
  const districtOf = (slug: string | undefined) =>
    slug && SLUG.test(slug) ? districtBySlug(slug) : Promise.resolve(undefined);

  for (const page of pages) {
    const consumer = page.path.startsWith(CONSUMER_PREFIX);
    app.get(page.path, auth, async (c) => {
      const ctx = pageContext(app, db, c);
      const plugins = anyPluginEntry ? await enabledPlugins(db, ctx.principal?.tenantId) : new Set<string>();
      const nav = visibleNav(entries, ctx.principal, plugins);
      ctx.nav = nav;
      const access = mayOpen(page.access, c.get("principal"));
      if (access === "sign-in") return c.redirect(`/login?next=${encodeURIComponent(currentPathOf(ctx))}`, 302);
      // A consumer page's plugin must be on in the district of the path, whoever is (or is not) signed in.
      const pluginOn = !page.plugin ||
        (consumer
          ? (await enabledPlugins(db, await districtOf(c.req.param("district")))).has(page.plugin)
          : plugins.has(page.plugin));
      let view: PageView;
      if (access === "forbidden") view = noAccessView(ctx);
      else if (!pluginOn) view = notFoundView(ctx);
      else {
        try {
          const rendered = await page.render(ctx);
          if (rendered instanceof Response) return rendered;
          view = rendered;
        } catch (error) {
          if (error instanceof ApiCallError && error.status === 404) view = notFoundView(ctx);
          else if (error instanceof ApiCallError && error.status === 403) view = noAccessView(ctx);
          else {
            c.get("log").error("page failed", { error, path: page.path });
            view = errorView(ctx);
          }
        }
      }
      if (consumer) view = { ...view, frame: "consumer", narrow: true };
      return renderView(ctx, view, nav);
    });
  }

  // Any other consumer address is an HTML 404 in the consumer frame.
  app.get("/d/*", auth, (c) => {
    const ctx = pageContext(app, db, c);
    return renderView(ctx, { ...notFoundView(ctx), frame: "consumer", narrow: true }, []);
  });

  // Anything else under /console is an HTML 404 in the frame, not the API's problem+json.
  app.get("/console/*", auth, async (c) => {
    const ctx = pageContext(app, db, c);
    if (!ctx.principal) return c.redirect(`/login?next=${encodeURIComponent(currentPathOf(ctx))}`, 302);
    const plugins = anyPluginEntry ? await enabledPlugins(db, ctx.principal.tenantId) : new Set<string>();
    return renderView(ctx, notFoundView(ctx), visibleNav(entries, ctx.principal, plugins));
  });
}
