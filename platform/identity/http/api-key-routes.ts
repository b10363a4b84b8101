/** API keys for POS systems, gates, cameras and sensors: create (shown once), list, revoke. */
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import type { CoreDatabase } from "../../db/schema.ts";
import { tenantPrincipalOf } from "../../http/auth.ts";
import { guardedRoute } from "../../http/guarded-route.ts";
import { problem } from "../../http/openapi-shared.ts";
import { ProblemError } from "../../http/problem.ts";
import type { AppEnv } from "../../http/request-context.ts";
import { createApiKey, listApiKeys, revokeApiKey } from "../api-keys.ts";
import { API_KEY_PERMISSIONS } from "../permissions.ts";
import { identityErrorToProblem } from "./errors.ts";

const ApiKey = z.object({
  id: z.string().uuid(),
  name: z.string(),
  organisationId: z.string().uuid().nullable(),
  permissions: z.array(z.string()),
  createdBy: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
}).openapi("ApiKey");

export interface KeyPermission {
  permission: string;
  description: string;
}

// events:write and store:read are held by systems only, so they are described here rather than in CORE_PERMISSIONS.
const KEY_DESCRIPTIONS: Record<typeof API_KEY_PERMISSIONS[number], string> = {
  "events:write": "send events (sales, footfall, parking, sensors) to the data center",
  "store:read": "read the store's own details",
};
const CORE_KEY_PERMISSIONS: KeyPermission[] = API_KEY_PERMISSIONS.map((permission) => ({
  permission,
  description: KEY_DESCRIPTIONS[permission],
}));

/** `pluginPermissions`: those the installed plugins let keys carry (their grants marked `apiKeys`). */
export function registerApiKeyRoutes(
  app: OpenAPIHono<AppEnv>,
  db: Kysely<CoreDatabase>,
  pluginPermissions: () => readonly KeyPermission[] = () => [],
): void {
  const grantable = () => [...CORE_KEY_PERMISSIONS, ...pluginPermissions()];
  const allowedPermissions = () => grantable().map((p) => p.permission);
  app.openapi(
    guardedRoute({ permission: "api-keys:manage" }, {
      method: "get",
      path: "/api/v1/api-keys",
      tags: ["Identity"],
      summary: "API keys of the district (operators) or of one's store",
      responses: {
        200: {
          description: "Keys, and the permissions a new key may carry",
          content: {
            "application/json": {
              schema: z.object({
                items: z.array(ApiKey),
                grantable: z.array(z.object({ permission: z.string(), description: z.string() })),
              }),
            },
          },
        },
      },
    }),
    async (c) => c.json({ items: await listApiKeys(db, tenantPrincipalOf(c)), grantable: grantable() }, 200),
  );

  app.openapi(
    guardedRoute({ permission: "api-keys:manage" }, {
      method: "post",
      path: "/api/v1/api-keys",
      tags: ["Identity"],
      summary: "Create a key; the token is in this answer only",
      request: {
        body: {
          content: {
            "application/json": {
              schema: z.object({
                name: z.string().trim().min(1, "name the system that will use the key").max(60),
                permissions: z.array(z.string()).min(1, "give the key at least one permission"),
                organisationId: z.string().uuid().optional().describe("limit the key to one store"),
              }),
            },
          },
        },
      },
      responses: {
        201: {
          description: "Created",
          content: { "application/json": { schema: z.object({ key: ApiKey, token: z.string() }) } },
        },
        422: { description: "Invalid fields", content: problem },
      },
    }),
    async (c) => {
      try {
        const created = await createApiKey(db, tenantPrincipalOf(c), c.req.valid("json"), allowedPermissions());
        return c.json(created, 201);
      } catch (error) {
        throw identityErrorToProblem(error);
      }
    },
  );

  app.openapi(
    guardedRoute({ permission: "api-keys:manage" }, {
      method: "delete",
      path: "/api/v1/api-keys/{id}",
      tags: ["Identity"],
      summary: "Revoke a key; systems using it are refused from then on",
      request: { params: z.object({ id: z.string().uuid() }) },
      responses: { 204: { description: "Revoked" }, 404: { description: "No such key", content: problem } },
    }),
    async (c) => {
      if (!(await revokeApiKey(db, tenantPrincipalOf(c), c.req.valid("param").id))) {
        throw new ProblemError(404, "There is no such active key.");
      }
      return c.body(null, 204);
    },
  );
}
