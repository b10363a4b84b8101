/** Sign-in, sign-out, the current principal, password change and switching district. */
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Kysely } from "kysely";
import type { CoreDatabase } from "../../db/schema.ts";
import { principalOf, SESSION_COOKIE } from "../../http/auth.ts";
import { guardedRoute } from "../../http/guarded-route.ts";
import { problem } from "../../http/openapi-shared.ts";
import { ProblemError, problemResponse } from "../../http/problem.ts";
import type { AppEnv } from "../../http/request-context.ts";
import { type ExtraGrants, ROLE_NAMES } from "../permissions.ts";
import type { UserPrincipal } from "../principal.ts";
import { endSession, resolveSession, SESSION_MAX_MS, switchSessionTenant } from "../sessions.ts";
import { signIn, SignInError } from "../sign-in.ts";
import { changePassword } from "../users.ts";
import { identityErrorToProblem } from "./errors.ts";

const Me = z.object({
  accountId: z.string().uuid(),
  login: z.string(),
  displayName: z.string(),
  roles: z.array(z.object({ id: z.string(), zh: z.string(), en: z.string() })),
  permissions: z.array(z.string()),
  districtId: z.string().uuid().nullable(),
  organisationId: z.string().uuid().nullable(),
  bureauId: z.string().uuid().nullable(),
  districts: z.array(
    z.object({ id: z.string().uuid(), slug: z.string(), nameZh: z.string(), nameEn: z.string(), role: z.string() }),
  ),
  csrfToken: z.string().describe("Echo in the X-CSRF-Token header of requests that change something"),
}).openapi("Me");

export function describePrincipal(principal: UserPrincipal) {
  return {
    accountId: principal.accountId,
    login: principal.login,
    displayName: principal.displayName,
    roles: principal.roles.map((role) => ({ id: role, ...ROLE_NAMES[role] })),
    permissions: [...principal.permissions].sort(),
    districtId: principal.tenantId ?? null,
    organisationId: principal.organisationId ?? null,
    bureauId: principal.bureauId ?? null,
    districts: principal.tenants,
    csrfToken: principal.csrfToken,
  };
}

function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === "https:" || c.req.header("x-forwarded-proto") === "https";
}

export function setSessionCookie(c: Context, token: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "Lax",
    secure: isHttps(c),
    path: "/",
    maxAge: Math.floor(SESSION_MAX_MS / 1000),
  });
}

export function clientMeta(c: Context) {
  return {
    userAgent: c.req.header("user-agent"),
    ip: c.req.header("x-forwarded-for")?.split(",")[0].trim() ?? c.req.header("x-real-ip"),
  };
}

export function registerAuthRoutes(
  app: OpenAPIHono<AppEnv>,
  db: Kysely<CoreDatabase>,
  grants: ExtraGrants = {},
): void {
  app.openapi(
    guardedRoute("public", {
      method: "post",
      path: "/api/v1/auth/login",
      tags: ["Identity"],
      summary: "Sign in with login and password; sets the session cookie",
      request: {
        body: {
          content: {
            "application/json": {
              schema: z.object({
                login: z.string().trim().min(1, "enter your login"),
                password: z.string().min(1, "enter your password"),
                district: z.string().optional().describe("slug of the district to act in, when you belong to several"),
              }),
            },
          },
        },
      },
      responses: {
        200: { description: "Signed in", content: { "application/json": { schema: Me } } },
        401: { description: "Wrong login or password", content: problem },
        429: { description: "Locked after repeated failures", content: problem },
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      try {
        const session = await signIn(
          db,
          { login: body.login, password: body.password, tenantSlug: body.district },
          clientMeta(c),
        );
        setSessionCookie(c, session.token);
        const principal = await resolveSession(db, session.token, grants);
        return c.json(describePrincipal(principal!), 200);
      } catch (error) {
        if (!(error instanceof SignInError)) throw error;
        if (error.reason === "locked") {
          c.header(
            "retry-after",
            String(Math.ceil(((error.lockedUntil?.getTime() ?? Date.now()) - Date.now()) / 1000)),
          );
          return problemResponse(c, 429, error.message) as never;
        }
        return problemResponse(c, error.reason === "disabled" ? 403 : 401, error.message) as never;
      }
    },
  );

  app.openapi(
    guardedRoute("signed-in", {
      method: "post",
      path: "/api/v1/auth/logout",
      tags: ["Identity"],
      summary: "Sign out: ends the session and clears the cookie",
      responses: { 204: { description: "Signed out" } },
    }),
    async (c) => {
      const principal = principalOf(c);
      if (principal.kind === "user") {
        const token = getCookie(c, SESSION_COOKIE);
        if (token) await endSession(db, token);
      }
      deleteCookie(c, SESSION_COOKIE, { path: "/" });
      return c.body(null, 204);
    },
  );

  app.openapi(
    guardedRoute("signed-in", {
      method: "get",
      path: "/api/v1/auth/me",
      tags: ["Identity"],
      summary: "The signed-in person: roles, permissions, districts",
      responses: { 200: { description: "The current principal", content: { "application/json": { schema: Me } } } },
    }),
    (c) => {
      const principal = principalOf(c);
      if (principal.kind !== "user") throw new ProblemError(403, "API keys have no profile; sign in as a person.");
      return c.json(describePrincipal(principal), 200);
    },
  );

  app.openapi(
    guardedRoute("signed-in", {
      method: "post",
      path: "/api/v1/auth/password",
      tags: ["Identity"],
      summary: "Change one's own password; other sessions end",
      request: {
        body: {
          content: {
            "application/json": {
              schema: z.object({ currentPassword: z.string().min(1), newPassword: z.string().min(1) }),
            },
          },
        },
      },
      responses: {
        204: { description: "Changed" },
        422: { description: "Wrong current password or weak new one", content: problem },
      },
    }),
    async (c) => {
      const principal = principalOf(c);
      if (principal.kind !== "user") throw new ProblemError(403, "API keys have no password.");
      const body = c.req.valid("json");
      try {
        await changePassword(db, principal, body.currentPassword, body.newPassword);
      } catch (error) {
        throw identityErrorToProblem(error);
      }
      return c.body(null, 204);
    },
  );

  app.openapi(
    guardedRoute("signed-in", {
      method: "post",
      path: "/api/v1/auth/district",
      tags: ["Identity"],
      summary: "Act in another district this account belongs to",
      request: {
        body: { content: { "application/json": { schema: z.object({ districtId: z.string().uuid() }) } } },
      },
      responses: {
        200: { description: "Switched", content: { "application/json": { schema: Me } } },
        404: { description: "Not a district of this account", content: problem },
      },
    }),
    async (c) => {
      const principal = principalOf(c);
      if (principal.kind !== "user") throw new ProblemError(403, "API keys belong to one district.");
      const { districtId } = c.req.valid("json");
      if (!(await switchSessionTenant(db, principal, districtId))) {
        throw new ProblemError(404, "You are not a member of that district.");
      }
      const token = getCookie(c, SESSION_COOKIE)!;
      return c.json(describePrincipal((await resolveSession(db, token, grants))!), 200);
    },
  );
}
