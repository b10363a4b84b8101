/**
 * A district's plugins: what is installed, what its plan allows, what is on, with which settings — and switching
 * them on and off. Platform admins see every plugin's failure counters.
 */
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { toJSONSchema } from "zod";
import { principalOf, tenantPrincipalOf } from "../../http/auth.ts";
import { guardedRoute } from "../../http/guarded-route.ts";
import { problem } from "../../http/openapi-shared.ts";
import { ProblemError } from "../../http/problem.ts";
import type { AppEnv } from "../../http/request-context.ts";
import { PluginStateError } from "../enablement.ts";
import type { PluginHost } from "../host.ts";
import type { AnyPlugin } from "../types.ts";

const Bilingual = z.object({ zh: z.string(), en: z.string() });

const DistrictPlugin = z.object({
  id: z.string(),
  name: Bilingual,
  description: Bilingual.nullable(),
  version: z.string(),
  requires: z.array(z.string()),
  capabilities: z.array(z.string()),
  allowedByPlan: z.boolean(),
  enabled: z.boolean(),
  config: z.unknown().describe("the district's settings; null when never enabled"),
  configSchema: z.unknown().describe(
    "JSON Schema (input side, with defaults) of the settings, from which the console makes its form; null when the plugin has none",
  ),
  indicators: z.array(z.object({ table: z.enum(["district", "store"]), item: z.number(), evidence: Bilingual })),
}).openapi("DistrictPlugin");

const IdParam = z.object({ id: z.string().regex(/^[a-z][a-z0-9-]{1,31}$/) });

/** The settings schema as JSON Schema; a zod type JSON Schema cannot express becomes "anything". */
function configSchemaOf(plugin: AnyPlugin): unknown {
  if (!plugin.config) return null;
  try {
    const { $schema: _, ...schema } = toJSONSchema(plugin.config, { io: "input", unrepresentable: "any" });
    return schema;
  } catch {
    return {};
  }
}

function toProblem(error: unknown): unknown {
  if (error instanceof PluginStateError) {
    return new ProblemError(
      error.status,
      error.message,
      error.issues.length ? error.issues : [{ field: error.field, message: error.message }],
    );
  }
  return error;
}

export function registerPluginRoutes(app: OpenAPIHono<AppEnv>, host: PluginHost): void {
  app.openapi(
    guardedRoute({ permission: "plugins:read" }, {
      method: "get",
      path: "/api/v1/district/plugins",
      tags: ["Plugins"],
      summary: "Installed plugins and their state in the district",
      responses: {
        200: {
          description: "Plugins",
          content: { "application/json": { schema: z.object({ items: z.array(DistrictPlugin) }) } },
        },
      },
    }),
    async (c) => {
      const states = await host.states(tenantPrincipalOf(c).tenantId);
      const items = host.plugins.map((plugin) => {
        const state = states.find((s) => s.id === plugin.id)!;
        return {
          id: plugin.id,
          name: plugin.name,
          description: plugin.description ?? null,
          version: plugin.version,
          requires: plugin.requires ?? [],
          capabilities: plugin.capabilities ?? [],
          allowedByPlan: state.allowedByPlan,
          enabled: state.enabled,
          config: state.config,
          configSchema: configSchemaOf(plugin),
          indicators: plugin.indicators ?? [],
        };
      });
      return c.json({ items }, 200);
    },
  );

  app.openapi(
    guardedRoute({ permission: "plugins:manage" }, {
      method: "post",
      path: "/api/v1/district/plugins/{id}/enable",
      tags: ["Plugins"],
      summary: "Enable a plugin (or change its settings): needs the plan and the plugins it requires",
      request: {
        params: IdParam,
        body: {
          required: false,
          content: {
            "application/json": { schema: z.object({ config: z.record(z.string(), z.unknown()).optional() }) },
          },
        },
      },
      responses: {
        200: {
          description: "Enabled",
          content: {
            "application/json": { schema: z.object({ id: z.string(), enabled: z.literal(true), config: z.unknown() }) },
          },
        },
        404: { description: "Not installed", content: problem },
        409: { description: "Not in the plan, or a required plugin is off", content: problem },
        422: { description: "Invalid settings", content: problem },
      },
    }),
    async (c) => {
      const principal = tenantPrincipalOf(c);
      const { id } = c.req.valid("param");
      const body = c.req.header("content-type")?.includes("json") ? c.req.valid("json") : {};
      try {
        const config = await host.enable({
          tenantId: principal.tenantId,
          pluginId: id,
          config: body?.config,
          actor: principal.actor,
        });
        return c.json({ id, enabled: true as const, config }, 200);
      } catch (error) {
        throw toProblem(error);
      }
    },
  );

  app.openapi(
    guardedRoute({ permission: "plugins:manage" }, {
      method: "post",
      path: "/api/v1/district/plugins/{id}/disable",
      tags: ["Plugins"],
      summary: "Disable a plugin: its routes answer 404 and its schedules stop for the district; data is kept",
      request: { params: IdParam },
      responses: {
        200: {
          description: "Disabled",
          content: { "application/json": { schema: z.object({ id: z.string(), enabled: z.literal(false) }) } },
        },
        404: { description: "Not installed", content: problem },
        409: { description: "Not enabled, or another enabled plugin requires it", content: problem },
      },
    }),
    async (c) => {
      const principal = tenantPrincipalOf(c);
      const { id } = c.req.valid("param");
      try {
        await host.disable({ tenantId: principal.tenantId, pluginId: id, actor: principal.actor });
      } catch (error) {
        throw toProblem(error);
      }
      return c.json({ id, enabled: false as const }, 200);
    },
  );

  app.openapi(
    guardedRoute({ permission: "platform:tenants", tenant: false }, {
      method: "get",
      path: "/api/v1/platform/plugins",
      tags: ["Plugins"],
      summary: "Installed plugins with their failure counters since this process started",
      responses: {
        200: {
          description: "Plugins",
          content: {
            "application/json": {
              schema: z.object({
                items: z.array(z.object({
                  id: z.string(),
                  version: z.string(),
                  core: z.string(),
                  routeErrors: z.number().int(),
                  handlerErrors: z.number().int(),
                  jobErrors: z.number().int(),
                  lastError: z.object({ at: z.string(), where: z.string(), message: z.string() }).optional(),
                })),
              }),
            },
          },
        },
      },
    }),
    (c) => {
      principalOf(c);
      const items = host.plugins.map((p) => ({
        id: p.id,
        version: p.version,
        core: p.core,
        ...host.metrics.snapshot(p.id),
      }));
      return c.json({ items }, 200);
    },
  );
}
