/**
 * GET /ui/lang/<locale>?next=/path: the header's language link. Sets the `lang` cookie for a year and goes back
 * to the page it came from (a path on this site only).
 */
import type { Hono } from "hono";
import { setCookie } from "hono/cookie";
import type { AppEnv } from "../http/request-context.ts";
import { isLocale, LANG_COOKIE } from "./i18n/locale.ts";
import { safeNext } from "./safe-next.ts";

export function registerLanguageSwitch(app: Hono<AppEnv>): void {
  app.get("/ui/lang/:locale", (c) => {
    const locale = c.req.param("locale");
    const next = safeNext(c.req.query("next")) ?? "/";
    if (!isLocale(locale)) return c.redirect(next, 303);
    setCookie(c, LANG_COOKIE, locale, { path: "/", maxAge: 365 * 24 * 3600, sameSite: "Lax" });
    return c.redirect(next, 303);
  });
}
