/**
 * POST /logout: the header's sign-out form (with the `_csrf` field, checked by `authenticate` like any cookie
 * request that changes something). Ends the session, clears the cookie and shows the sign-in page.
 */
import type { Hono } from "hono";
import { deleteCookie, getCookie } from "hono/cookie";
import type { Kysely } from "kysely";
import type { CoreDatabase } from "../db/schema.ts";
import { authenticate, SESSION_COOKIE } from "../http/auth.ts";
import type { ExtraGrants } from "../identity/permissions.ts";
import type { AppEnv } from "../http/request-context.ts";
import { endSession } from "../identity/sessions.ts";

export function registerSignOut(app: Hono<AppEnv>, db: Kysely<CoreDatabase>, grants: ExtraGrants = {}): void {
  app.post("/logout", authenticate(db, grants), async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token && c.get("principal")?.kind === "user") await endSession(db, token);
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.redirect("/login", 303);
  });
}
