/** The files of a new plugin; `id` is already checked. */
export function pluginFiles(id: string): Record<string, string> {
  const schema = `plugin_${id.replaceAll("-", "_")}`;
  const title = id.split("-").map((w) => w[0].toUpperCase() + w.slice(1)).join(" ");
  return {
    "plugin.ts": `/** ${title}: what this plugin does for a district, in a sentence. */
import { definePlugin } from "../../platform/sdk.ts";
import { itemRoutes } from "./routes.ts";
import type { ItemTables } from "./schema.ts";

export default definePlugin<Record<string, never>, ItemTables>({
  id: "${id}",
  name: { zh: "${title}", en: "${title}" },
  version: "0.1.0",
  core: "^0.1.0",
  capabilities: ["audit:write"],
  grants: {
    "${id}:read": { description: "see items", roles: ["operator_admin", "operator_staff"] },
    "${id}:manage": { description: "add items", roles: ["operator_admin"] },
  },
  migrations: new URL("./migrations/", import.meta.url),
  routes: itemRoutes,
});
`,
    "schema.ts": `/** Kysely types of the plugin's tables. */
import type { ColumnType } from "kysely";

export interface ItemTables {
  "${schema}.items": {
    tenant_id: string;
    id: string;
    name: string;
    created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  };
}
`,
    "migrations/0001_items.sql":
      `-- The plugin's own schema; every table is tenant-owned and protected by row-level security.
create schema ${schema};
grant usage on schema ${schema} to district_app, district_platform;

create table ${schema}.items (
  tenant_id uuid not null references core.tenants (id),
  id uuid not null,
  name text not null check (length(name) between 1 and 100),
  created_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
select core.protect_tenant_table('${schema}.items');
`,
    "routes.ts": `/** The plugin's API, mounted at /api/v1/plugins/${id}. */
import { z } from "@hono/zod-openapi";
import { guardedRoute, pluginContextOf, type PluginRouter, uuidv7 } from "../../platform/sdk.ts";
import type { ItemTables } from "./schema.ts";

const Item = z.object({ id: z.string().uuid(), name: z.string(), createdAt: z.string() });

export function itemRoutes(router: PluginRouter): void {
  router.openapi(
    guardedRoute({ permission: "${id}:read" }, {
      method: "get",
      path: "/items",
      tags: ["Plugin: ${id}"],
      summary: "Items of the district",
      responses: { 200: { description: "Items", content: { "application/json": { schema: z.object({ items: z.array(Item) }) } } } },
    }),
    async (c) => {
      const plugin = pluginContextOf<Record<string, never>, ItemTables>(c);
      const rows = await plugin.withTenant((tx) =>
        tx.selectFrom("${schema}.items").selectAll().orderBy("created_at").execute()
      );
      return c.json({ items: rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at.toISOString() })) }, 200);
    },
  );

  router.openapi(
    guardedRoute({ permission: "${id}:manage" }, {
      method: "post",
      path: "/items",
      tags: ["Plugin: ${id}"],
      summary: "Add an item",
      request: { body: { content: { "application/json": { schema: z.object({ name: z.string().trim().min(1).max(100) }) } } } },
      responses: { 201: { description: "Added", content: { "application/json": { schema: z.object({ id: z.string().uuid() }) } } } },
    }),
    async (c) => {
      const plugin = pluginContextOf<Record<string, never>, ItemTables>(c);
      const { name } = c.req.valid("json");
      const id = uuidv7();
      await plugin.withTenant(async (tx) => {
        await tx.insertInto("${schema}.items").values({ tenant_id: plugin.tenantId, id, name }).execute();
        await plugin.audit.append(tx, { action: "${id}.item-add", target: \`item:\${id}\` });
      });
      return c.json({ id }, 201);
    },
  );
}
`,
    "plugin.test.ts": `import assert from "node:assert/strict";
import { pluginTestBed } from "../../tests/support/plugin-test-bed.ts";
import plugin from "./plugin.ts";

Deno.test("${id}: an operator adds an item and sees it; another district cannot", async () => {
  await using bed = await pluginTestBed(plugin);
  const admin = await bed.signIn("operator_admin");
  assert.equal((await admin.post("/api/v1/plugins/${id}/items", { name: "第一项" })).status, 201);
  const list = await (await admin.get("/api/v1/plugins/${id}/items")).json();
  assert.deepEqual(list.items.map((i: { name: string }) => i.name), ["第一项"]);
  const invalid = await admin.post("/api/v1/plugins/${id}/items", { name: "" });
  assert.equal(invalid.status, 422);

  const staff = await bed.signIn("operator_staff");
  assert.equal((await staff.post("/api/v1/plugins/${id}/items", { name: "x" })).status, 403);

  const other = await bed.signIn("operator_admin", "other");
  assert.equal((await other.get("/api/v1/plugins/${id}/items")).status, 404, "not enabled in the other district");
});
`,
  };
}
