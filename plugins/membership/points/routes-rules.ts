/** Operators' earning rules: list, create, change, switch on and off, delete — every change audited. */
import { z } from "@hono/zod-openapi";
import { guardedRoute, type PluginRouter, problem, ProblemError } from "../../../platform/sdk.ts";
import { membershipOf } from "../context.ts";
import { TAG } from "./api-schemas.ts";
import { createRule, deleteRule, listRules, Rule, RuleCreate, RulePatch, updateRule } from "./rules.ts";

const IdParam = z.object({ id: z.string().uuid({ error: "must be a rule id" }) });
const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });

export function rulesRoutes(router: PluginRouter): void {
  router.openapi(
    guardedRoute({ permission: "membership:points-read" }, {
      method: "get",
      path: "/points/rules",
      tags: [TAG],
      summary: "The district's earning rules (active first, newest first)",
      responses: {
        200: {
          description: "Rules, and the default rate used where none applies",
          ...json(z.object({ items: z.array(Rule), defaultPointsPerYuan: z.number() })),
        },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const items = await plugin.withTenant((tx) => listRules(tx));
      return c.json({ items, defaultPointsPerYuan: plugin.config.pointsDefaultPerYuan }, 200);
    },
  );

  router.openapi(
    guardedRoute({ permission: "membership:points-manage" }, {
      method: "post",
      path: "/points/rules",
      tags: [TAG],
      summary: "Add an earning rule: a base rate (points per yuan) or a campaign multiplier with a window",
      request: { body: json(RuleCreate) },
      responses: {
        201: { description: "Added", ...json(Rule) },
        422: { description: "Invalid fields, or fields that do not fit together", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const rule = await plugin.withTenant(async (tx) => {
        const rule = await createRule(tx, plugin.tenantId, c.req.valid("json"), plugin.actor);
        await plugin.audit.append(tx, {
          action: "membership.points-rule-create",
          target: `points-rule:${rule.id}`,
          details: { rule },
        });
        return rule;
      });
      return c.json(rule, 201);
    },
  );

  router.openapi(
    guardedRoute({ permission: "membership:points-manage" }, {
      method: "patch",
      path: "/points/rules/{id}",
      tags: [TAG],
      summary: "Change an earning rule (applies to sales processed from now on)",
      request: { params: IdParam, body: json(RulePatch) },
      responses: {
        200: { description: "Changed", ...json(Rule) },
        404: { description: "No such rule", content: problem },
        422: { description: "Invalid fields, or fields that do not fit together", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const { id } = c.req.valid("param");
      const rule = await plugin.withTenant(async (tx) => {
        const changed = await updateRule(tx, id, c.req.valid("json"));
        if (!changed) throw new ProblemError(404, "There is no such rule.");
        await plugin.audit.append(tx, {
          action: "membership.points-rule-change",
          target: `points-rule:${id}`,
          details: { before: changed.before, after: changed.after },
        });
        return changed.after;
      });
      return c.json(rule, 200);
    },
  );

  router.openapi(
    guardedRoute({ permission: "membership:points-manage" }, {
      method: "post",
      path: "/points/rules/{id}/activation",
      tags: [TAG],
      summary: "Switch an earning rule on or off (the console's switch; same as PATCH with active)",
      request: { params: IdParam, body: json(z.object({ active: z.boolean() })) },
      responses: {
        200: { description: "Switched", ...json(Rule) },
        404: { description: "No such rule", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const { id } = c.req.valid("param");
      const { active } = c.req.valid("json");
      const rule = await plugin.withTenant(async (tx) => {
        const changed = await updateRule(tx, id, { active });
        if (!changed) throw new ProblemError(404, "There is no such rule.");
        await plugin.audit.append(tx, {
          action: active ? "membership.points-rule-on" : "membership.points-rule-off",
          target: `points-rule:${id}`,
        });
        return changed.after;
      });
      return c.json(rule, 200);
    },
  );

  router.openapi(
    guardedRoute({ permission: "membership:points-manage" }, {
      method: "delete",
      path: "/points/rules/{id}",
      tags: [TAG],
      summary: "Delete an earning rule (points already earned stay)",
      request: { params: IdParam },
      responses: {
        204: { description: "Deleted" },
        404: { description: "No such rule", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const { id } = c.req.valid("param");
      await plugin.withTenant(async (tx) => {
        const deleted = await deleteRule(tx, id);
        if (!deleted) throw new ProblemError(404, "There is no such rule.");
        await plugin.audit.append(tx, {
          action: "membership.points-rule-delete",
          target: `points-rule:${id}`,
          details: { rule: deleted },
        });
      });
      return c.body(null, 204);
    },
  );
}
