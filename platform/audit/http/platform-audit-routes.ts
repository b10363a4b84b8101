/**
 * The platform's own audit chain (tenant creation, plan changes, cross-district work), for platform
 * administrators. Read through withPlatform, so every look is itself recorded with the administrator as actor.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import type { CoreDatabase } from "../../db/schema.ts";
import { withPlatform } from "../../db/tenant.ts";
import { principalOf } from "../../http/auth.ts";
import { guardedRoute } from "../../http/guarded-route.ts";
import type { AppEnv } from "../../http/request-context.ts";
import { listAudit } from "../list.ts";
import { verifyChain } from "../verify.ts";
import {
  AuditFilters,
  auditPageResponses,
  listOptions,
  pageJson,
  verifyJson,
  verifyResponses,
} from "./audit-schemas.ts";

const ACCESS = { permission: "platform:audit", tenant: false } as const;

export function registerPlatformAuditRoutes(app: OpenAPIHono<AppEnv>, deps: { db: Kysely<CoreDatabase> }): void {
  const { db } = deps;

  app.openapi(
    guardedRoute(ACCESS, {
      method: "get",
      path: "/api/v1/platform/audit",
      tags: ["Platform"],
      summary: "The platform's audit log, newest first",
      request: { query: AuditFilters },
      responses: auditPageResponses,
    }),
    async (c) => {
      const options = listOptions(c.req.valid("query"));
      const page = await withPlatform(
        db,
        { actor: principalOf(c).actor, purpose: "read the platform audit log" },
        (tx) => listAudit(tx, { ...options, chain: "platform" }),
      );
      return c.json(pageJson(page), 200);
    },
  );

  app.openapi(
    guardedRoute(ACCESS, {
      method: "get",
      path: "/api/v1/platform/audit/verify",
      tags: ["Platform"],
      summary: "Verify the platform's chain: every link and every hash",
      responses: verifyResponses,
    }),
    async (c) => {
      // The platform chain has no checkpoints (they are per district), so no key is passed: signaturesChecked
      // stays false rather than claiming a check that did not happen.
      const result = await withPlatform(
        db,
        { actor: principalOf(c).actor, purpose: "verify the platform audit chain" },
        (tx) => verifyChain(tx, { chain: "platform" }),
      );
      return c.json(verifyJson(result), 200);
    },
  );
}
