/**
 * The Hono application: request ids and logs, problem+json errors, OpenAPI routes. Every module mounts its
 * routes here; nothing thrown inside a handler reaches the client as a stack trace.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { secureHeaders } from "hono/secure-headers";
import type { Database } from "../db/database.ts";
import type { JobRunner } from "../jobs/runner.ts";
import type { Logger } from "../log.ts";
import type { AuditPublicKey } from "../audit/signing-key.ts";
import type { TenantKeyStore } from "../privacy/encryption/tenant-keys.ts";
import { registerApiDocs } from "./api-docs.ts";
import { registerHealth } from "./health.ts";
import { problemResponse } from "./problem.ts";
import { createRouter } from "./router.ts";
import { errorResponse } from "./error-response.ts";
import type { PluginHost } from "../plugins/host.ts";
import { registerPluginRoutes } from "../plugins/http/plugin-routes.ts";
import { pluginNavEntries, pluginPages, pluginsPage } from "../ui/mod.ts";
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
import { registerEventRoutes } from "../datacenter/http/events-routes.ts";
import { registerMetricsRoutes } from "../datacenter/http/metrics-routes.ts";
import { registerCsvImportRoutes } from "../datacenter/http/csv-routes.ts";
import { registerExportRoutes } from "../datacenter/http/export-routes.ts";
import { registerUnitsRoutes } from "../datacenter/http/units-routes.ts";

export interface AppDeps {
  database: Database;
  jobs: JobRunner;
  log: Logger;
  /** Each district's data keys (encrypt, blind index, pseudonyms). */
  keys: TenantKeyStore;
  /** Public half of the audit signing key: checkpoints are verified with it. */
  auditPublicKey: AuditPublicKey;
  /** The installed plugins: their routes, permissions and console entries. */
  plugins?: PluginHost;
}

export { createRouter };

export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = createRouter();
  app.use("*", requestContext(deps.log));
  app.use("*", secureHeaders({ contentSecurityPolicy: undefined, crossOriginEmbedderPolicy: false }));

  const grants = deps.plugins?.grants() ?? {};
  app.use("/api/*", authenticate(deps.database.db, grants));
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
  registerAuthRoutes(app, deps.database.db, grants);
  registerUserRoutes(app, deps.database.db);
  registerApiKeyRoutes(app, deps.database.db, () => deps.plugins?.apiKeyPermissions() ?? []);
  registerOnboardingRoutes(app, deps);
  registerStoreRoutes(app, deps);
  registerBureauRoutes(app, deps);
  registerAuditRoutes(app, { db: deps.database.db, auditPublicKey: deps.auditPublicKey });
  registerPlatformAuditRoutes(app, { db: deps.database.db });
  registerJobRoutes(app, { jobs: deps.jobs });
  registerPrivacyRoutes(app, { db: deps.database.db, keys: deps.keys });
  registerEventRoutes(app, deps);
  registerMetricsRoutes(app, deps);
  registerCsvImportRoutes(app, deps);
  registerExportRoutes(app, deps);
  registerUnitsRoutes(app, deps);
  if (deps.plugins) {
    registerPluginRoutes(app, deps.plugins);
    deps.plugins.mountRoutes(app);
  }
  registerApiDocs(app);
  const host = deps.plugins;
  registerWebConsole(app, {
    db: deps.database.db,
    grants,
    pages: host ? [pluginsPage, ...pluginPages(host.plugins)] : [],
    nav: pluginNavEntries(host?.plugins ?? []),
    districtBySlug: host ? (slug) => host.districtBySlug(slug) : undefined,
  });

  app.notFound((c) => problemResponse(c, 404, `Nothing at ${c.req.method} ${new URL(c.req.url).pathname}.`));
  app.onError((error, c) => {
    // A body that is not JSON is the client's mistake, reported by the validator as a 400 HTTPException.
    return errorResponse(error, c, c.get("log") ?? deps.log);
  });
  return app;
}
