/**
 * Every API route states who may call it: a permission, "signed-in", or "public". The statement becomes both the
 * route's middleware and the `x-permission` field of its OpenAPI operation, and a test fails for any /api/v1
 * operation that states nothing — so access is denied by default and documented per route.
 */
import { createRoute, type RouteConfig } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { type AuthEnv, requirePermission, requireTenant } from "./auth.ts";
import { problemResponse } from "./problem.ts";

export type Access =
  | { permission: string; tenant?: boolean }
  | "signed-in"
  | "public";

function signedIn(): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    if (!c.get("principal")) return problemResponse(c, 401, "Sign in first.");
    await next();
  };
}

export function guardedRoute<R extends Omit<RouteConfig, "middleware">>(access: Access, config: R) {
  const middleware: MiddlewareHandler<AuthEnv>[] = access === "public"
    ? []
    : access === "signed-in"
    ? [signedIn()]
    : [requirePermission(access.permission), ...(access.tenant === false ? [] : [requireTenant()])];
  const permission = typeof access === "string" ? access : access.permission;
  return createRoute(
    {
      ...config,
      middleware,
      "x-permission": permission,
      ...(access === "public" ? {} : { security: [{ session: [] }, { apiKey: [] }] }),
    } as R & { middleware: MiddlewareHandler<AuthEnv>[] },
  );
}
