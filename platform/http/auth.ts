/**
 * Who is calling: a browser session (cookie) or a system (API key in `Authorization: Bearer`). The tenant comes
 * from the principal, never from anything else the client sends. Cookie-authenticated requests that change
 * something must echo the session's CSRF token (header `X-CSRF-Token`, or `_csrf` in a form).
 */
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { Kysely } from "kysely";
import type { CoreDatabase } from "../db/schema.ts";
import { authenticateApiKey } from "../identity/api-keys.ts";
import type { ExtraGrants } from "../identity/permissions.ts";
import type { Principal } from "../identity/principal.ts";
import { resolveSession } from "../identity/sessions.ts";
import { sameHash } from "../identity/tokens.ts";
import { problemResponse } from "./problem.ts";
import type { AppEnv } from "./request-context.ts";

export const SESSION_COOKIE = "district_session";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export type AuthEnv = AppEnv;

export function authenticate(db: Kysely<CoreDatabase>, grants: ExtraGrants = {}): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const header = c.req.header("authorization");
    // `Bearer mbr_…` is a consumer's member session, not a platform principal: the public routes of the plugin
    // that issued it check it themselves, and to everything else the caller is anonymous.
    if (header && !/^Bearer\s+mbr_/.test(header)) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const principal = match ? await authenticateApiKey(db, match[1]) : undefined;
      if (!principal) {
        return problemResponse(c, 401, "The API key is not valid or has been revoked.");
      }
      c.set("principal", principal);
      return next();
    }
    const token = getCookie(c, SESSION_COOKIE);
    if (token) {
      const principal = await resolveSession(db, token, grants);
      if (principal) {
        if (!SAFE_METHODS.has(c.req.method) && !(await csrfMatches(c, principal.csrfToken))) {
          return problemResponse(c, 403, "The CSRF token is missing or wrong; reload the page and try again.");
        }
        c.set("principal", principal);
      }
    }
    await next();
  };
}

async function csrfMatches(c: Context, expected: string): Promise<boolean> {
  let given = c.req.header("x-csrf-token");
  if (!given && (c.req.header("content-type") ?? "").startsWith("application/x-www-form-urlencoded")) {
    const form = await c.req.parseBody();
    given = typeof form._csrf === "string" ? form._csrf : undefined;
  }
  return given !== undefined && sameHash(given, expected);
}

/** Requires a principal holding the permission: 401 without one, 403 when it lacks the permission. */
export function requirePermission(permission: string): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const principal = c.get("principal");
    if (!principal) return problemResponse(c, 401, "Sign in first.");
    if (!principal.permissions.has(permission)) {
      return problemResponse(c, 403, `This needs the permission "${permission}".`);
    }
    await next();
  };
}

/** Requires a signed-in principal acting in a district. */
export function requireTenant(): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const principal = c.get("principal");
    if (!principal) return problemResponse(c, 401, "Sign in first.");
    if (!principal.tenantId) return problemResponse(c, 403, "This needs a district; choose one first.");
    await next();
  };
}

export function principalOf(c: Context<AuthEnv>): Principal {
  const principal = c.get("principal");
  if (!principal) throw new Error("principalOf used on a route without requirePermission");
  return principal;
}

export function tenantPrincipalOf(c: Context<AuthEnv>): Principal & { tenantId: string } {
  const principal = principalOf(c);
  if (!principal.tenantId) throw new Error("tenantPrincipalOf used on a route without requireTenant");
  return principal as Principal & { tenantId: string };
}
