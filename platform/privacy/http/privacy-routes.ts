/** The privacy services over HTTP: consent, data-subject requests, retention, masking settings. */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/request-context.ts";
import { registerConsentRoutes } from "./consent-routes.ts";
import { registerMaskingRoutes } from "./masking-routes.ts";
import type { PrivacyRouteDeps } from "./privacy-http.ts";
import { registerRetentionRoutes } from "./retention-routes.ts";
import { registerSubjectRequestRoutes } from "./subject-request-routes.ts";

export type { PrivacyRouteDeps } from "./privacy-http.ts";

export function registerPrivacyRoutes(app: OpenAPIHono<AppEnv>, deps: PrivacyRouteDeps): void {
  registerConsentRoutes(app, deps);
  registerSubjectRequestRoutes(app, deps);
  registerRetentionRoutes(app, deps);
  registerMaskingRoutes(app, deps);
}
