/**
 * The district's masking settings over HTTP: how much of each kind of personal information staff see on screen.
 * The body is checked against the same schema as parseMaskConfig, each problem naming its setting
 * ("phone.keepStart"); what the district sends is stored as given, so settings it leaves out follow the defaults.
 */
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { appendAudit } from "../../audit/audit-log.ts";
import { withTenant } from "../../db/tenant.ts";
import { tenantPrincipalOf } from "../../http/auth.ts";
import { guardedRoute } from "../../http/guarded-route.ts";
import { problem } from "../../http/openapi-shared.ts";
import { type FieldProblem, ProblemError, problemResponse } from "../../http/problem.ts";
import type { AppEnv } from "../../http/request-context.ts";
import { type MaskSettings, maskSettingsOf, setMaskConfig } from "../mask-settings.ts";
import { DEFAULT_MASK_CONFIG, maskConfigSchema } from "../masking.ts";
import type { PrivacyRouteDeps } from "./privacy-http.ts";

const PERMISSION = { permission: "privacy:settings" } as const;

const MaskSettingsSchema = z.object({
  config: z.record(z.string(), z.unknown()).openapi({ description: "In force: the choices completed with defaults" }),
  chosen: z.record(z.string(), z.unknown()).nullable().openapi({ description: "What the district chose; null: none" }),
  defaults: z.record(z.string(), z.unknown()),
  updatedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
}).openapi("MaskSettings");

function settingsJson(settings: MaskSettings) {
  return {
    config: settings.config as Record<string, unknown>,
    chosen: settings.chosen,
    defaults: DEFAULT_MASK_CONFIG as Record<string, unknown>,
    updatedBy: settings.updatedBy,
    updatedAt: settings.updatedAt?.toISOString() ?? null,
  };
}

/** One problem per setting; an unknown setting is named by its own path, not its parent's. */
export function maskConfigProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ field: [...path, key].join("."), message: "is not a masking setting" }));
    }
    return [{ field: path.join(".") || "(body)", message: issue.message }];
  });
}

export function registerMaskingRoutes(app: OpenAPIHono<AppEnv>, deps: PrivacyRouteDeps): void {
  const { db } = deps;

  app.openapi(
    guardedRoute(PERMISSION, {
      method: "get",
      path: "/api/v1/privacy/masking",
      tags: ["Privacy"],
      summary: "How personal information is masked on screen in the district",
      responses: {
        200: { description: "The settings", content: { "application/json": { schema: MaskSettingsSchema } } },
      },
    }),
    async (c) => c.json(settingsJson(await withTenant(db, tenantPrincipalOf(c).tenantId, maskSettingsOf)), 200),
  );

  app.openapi(
    guardedRoute(PERMISSION, {
      method: "put",
      path: "/api/v1/privacy/masking",
      tags: ["Privacy"],
      summary: "Replace the district's masking choices ({} goes back to every default)",
      request: { body: { content: { "application/json": { schema: maskConfigSchema } }, required: true } },
      responses: {
        200: {
          description: "The settings now in force",
          content: { "application/json": { schema: MaskSettingsSchema } },
        },
        422: { description: "A setting is unknown or outside its limits", content: problem },
      },
    }),
    async (c) => {
      const principal = tenantPrincipalOf(c);
      // An empty request passes the body check as {}; resetting every setting needs an explicit {}.
      if (!/^application\/([\w.-]+\+)?json$/i.test(c.req.header("content-type")?.split(";")[0].trim() ?? "")) {
        throw new ProblemError(422, "Send the masking settings as a JSON object.", [
          { field: "(body)", message: "send the settings as JSON ({} for every default)" },
        ]);
      }
      // Validated above; stored as sent, so the settings it leaves out keep following the defaults.
      const chosen: unknown = await c.req.json();
      const settings = await withTenant(
        db,
        principal.tenantId,
        (tx) => setMaskConfig(tx, appendAudit, { chosen, actor: principal.actor }),
      );
      return c.json(settingsJson(settings), 200);
    },
    (result, c) => {
      if (!result.success) {
        return problemResponse(c, 422, "The masking settings are invalid.", maskConfigProblems(result.error)) as never;
      }
    },
  );
}
