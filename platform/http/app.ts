/**
 * The Hono application: request ids and logs, problem+json errors, OpenAPI routes. Every module mounts its
 * routes here; nothing thrown inside a handler reaches the client as a stack trace.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import type { Database } from "../db/database.ts";
import type { JobRunner } from "../jobs/runner.ts";
import type { Logger } from "../log.ts";
import type { AuditPublicKey } from "../audit/signing-key.ts";
import type { TenantKeyStore } from "../privacy/encryption/tenant-keys.ts";
import { registerApiDocs } from "./api-docs.ts";
import { registerHealth } from "./health.ts";
import { fieldProblems, ProblemError, problemResponse } from "./problem.ts";
import { type AppEnv, requestContext } from "./request-context.ts";
import { registerWebConsole } from "../ui/mod.ts";
import { authenticate } from "./auth.ts";
import { registerAuthRoutes } from "../identity/http/auth-routes.ts";
import { registerUserRoutes } from "../identity/http/users-routes.ts";
import { registerApiKeyRoutes } from "../identity/http/api-key-routes.ts";
import { registerOnboardingRoutes } from "../identity/http/onboarding-routes.ts";
import { registerStoreRoutes } from "../identity/http/stores-routes.ts";
import { registerBureauRoutes } from "../identity/http/bureau-routes.ts";
import { registerAuditRoutes } from "../audit/http/audit-routes.ts";
import { registerPlatformAuditRoutes } from "../audit/http/platform-audit-routes.ts";
import { registerJobRoutes } from "../jobs/http/job-routes.ts";
import { registerPrivacyRoutes } from "../privacy/http/privacy-routes.ts";

export interface AppDeps {
  database: Database;
  jobs: JobRunner;
  log: Logger;
  /** Each district's data keys (encrypt, blind index, pseudonyms). */
  keys: TenantKeyStore;
  /** Public half of the audit signing key: checkpoints are verified with it. */
  auditPublicKey: AuditPublicKey;
}

/** An OpenAPIHono whose failed validations answer 422 problem+json naming each field. */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const where = result.target === "json" || result.target === "form" ? undefined : result.target;
        return problemResponse(c, 422, "The request has invalid fields.", fieldProblems(result.error, where));
      }
    },
  });
}

export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = createRouter();
  app.use("*", requestContext(deps.log));
  app.use("*", secureHeaders({ contentSecurityPolicy: undefined, crossOriginEmbedderPolicy: false }));

  app.use("/api/*", authenticate(deps.database.db));
  app.openAPIRegistry.registerComponent("securitySchemes", "session", {
    type: "apiKey",
    in: "cookie",
    name: "district_session",
    description: "Browser session from POST /api/v1/auth/login; unsafe methods also need X-CSRF-Token",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "apiKey", {
    type: "http",
    scheme: "bearer",
    description: "API key for systems: Authorization: Bearer dk_…",
  });

  registerHealth(app, deps.database, deps.jobs);
  registerAuthRoutes(app, deps.database.db);
  registerUserRoutes(app, deps.database.db);
  registerApiKeyRoutes(app, deps.database.db);
  registerOnboardingRoutes(app, deps);
  registerStoreRoutes(app, deps);
  registerBureauRoutes(app, deps);
  registerAuditRoutes(app, { db: deps.database.db, auditPublicKey: deps.auditPublicKey });
  registerPlatformAuditRoutes(app, { db: deps.database.db });
  registerJobRoutes(app, { jobs: deps.jobs });
  registerPrivacyRoutes(app, { db: deps.database.db });
  registerApiDocs(app);
  registerWebConsole(app, { db: deps.database.db });

  app.notFound((c) => problemResponse(c, 404, `Nothing at ${c.req.method} ${new URL(c.req.url).pathname}.`));
  app.onError((error, c) => {
    if (error instanceof ProblemError) return problemResponse(c, error.status, error.message, error.errors, error.type);
    if (error instanceof HTTPException) {
      const status = error.status === 400 && /JSON/i.test(error.message) ? 400 : error.status;
      return problemResponse(c, status as 400, error.message);
    }
    (c.get("log") ?? deps.log).error("unhandled error", { error, path: new URL(c.req.url).pathname });
    return problemResponse(c, 500, "Something went wrong on our side; quote the request id when reporting it.");
  });
  return app;
}
