/**
 * Coupon templates for the console: the operator manages the district's (and sees every store's), a store manages
 * its own and sees nothing of other stores'. Each comes with its issue and redemption counts.
 */
import { z } from "@hono/zod-openapi";
import { guardedRoute, type PluginRouter, problem, ProblemError } from "../../../platform/sdk.ts";
import { membershipOf } from "../context.ts";
import { storeScope } from "./access.ts";
import { TAG, Template, TemplateInput, TemplateParam } from "./api-schemas.ts";
import { createTemplate, findTemplate, listTemplates, setTemplateStatus, templateStats } from "./templates.ts";

export function templateRoutes(router: PluginRouter): void {
  router.openapi(
    guardedRoute({ permission: "membership:coupons-read" }, {
      method: "get",
      path: "/coupons/templates",
      tags: [TAG],
      summary: "Coupon templates with their counts: the district's for operators, one's own store's for stores",
      responses: {
        200: {
          description: "Templates",
          content: { "application/json": { schema: z.object({ items: z.array(Template) }) } },
        },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const items = await plugin.withTenant(async (tx) => {
        const templates = await listTemplates(tx, storeScope(c));
        const stats = await templateStats(tx, templates.map((t) => t.id));
        return templates.map((template) => ({ ...template, stats: stats.get(template.id)! }));
      });
      return c.json({ items }, 200);
    },
  );

  router.openapi(
    guardedRoute({ permission: "membership:coupons-read" }, {
      method: "get",
      path: "/coupons/templates/{templateId}",
      tags: [TAG],
      summary: "One coupon template with its counts",
      request: { params: TemplateParam },
      responses: {
        200: { description: "The template", content: { "application/json": { schema: Template } } },
        404: { description: "No such template (or another store's)", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const { templateId } = c.req.valid("param");
      const template = await plugin.withTenant(async (tx) => {
        const found = await findTemplate(tx, templateId, storeScope(c));
        if (!found) throw new ProblemError(404, "There is no such coupon template.");
        return { ...found, stats: (await templateStats(tx, [found.id])).get(found.id)! };
      });
      return c.json(template, 200);
    },
  );

  router.openapi(
    guardedRoute({ permission: "membership:coupons-manage" }, {
      method: "post",
      path: "/coupons/templates",
      tags: [TAG],
      summary: "Create a coupon template: the operator's for the district, a store user's for their store only",
      request: { body: { content: { "application/json": { schema: TemplateInput } } } },
      responses: {
        201: { description: "Created", content: { "application/json": { schema: Template } } },
        422: { description: "Invalid fields", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const body = c.req.valid("json");
      const ownerStoreId = storeScope(c) ?? null;
      const storeIds = body.storeIds === undefined ? undefined : [body.storeIds].flat();
      const template = await plugin.withTenant(async (tx) => {
        const created = await createTemplate(tx, plugin.tenantId, { ...body, storeIds }, {
          ownerStoreId,
          actor: plugin.actor,
        });
        await plugin.audit.append(tx, {
          action: "membership.coupon-template-create",
          target: `coupon-template:${created.id}`,
          details: { title: created.title, kind: created.kind, ownerStoreId, storeIds: created.storeIds },
        });
        return created;
      });
      return c.json({ ...template, stats: { issued: 0, active: 0, redeemed: 0, expired: 0, void: 0 } }, 201);
    },
  );

  for (const [verb, status] of [["pause", "paused"], ["resume", "active"]] as const) {
    router.openapi(
      guardedRoute({ permission: "membership:coupons-manage" }, {
        method: "post",
        path: `/coupons/templates/{templateId}/${verb}`,
        tags: [TAG],
        summary: verb === "pause"
          ? "Stop issuing a template's coupons (those already held stay usable)"
          : "Issue a paused template's coupons again",
        request: { params: TemplateParam },
        responses: {
          200: {
            description: "Its state now",
            content: {
              "application/json": { schema: z.object({ id: z.string().uuid(), status: z.enum(["active", "paused"]) }) },
            },
          },
          404: { description: "No such template (or another store's)", content: problem },
        },
      }),
      async (c) => {
        const plugin = membershipOf(c);
        const { templateId } = c.req.valid("param");
        await plugin.withTenant(async (tx) => {
          const changed = await setTemplateStatus(tx, templateId, status, storeScope(c));
          if (changed) {
            await plugin.audit.append(tx, {
              action: `membership.coupon-template-${verb}`,
              target: `coupon-template:${templateId}`,
            });
          }
        });
        return c.json({ id: templateId, status }, 200);
      },
    );
  }
}
