/**
 * Member tags over HTTP. A rule tag is applied at once (a job, so a large district does not hold the request) and
 * again every night; a hand-set tag is put on members one by one (routes-members.ts).
 */
import { z } from "@hono/zod-openapi";
import { guardedRoute, type PluginRouter, problem, ProblemError } from "../../../platform/sdk.ts";
import { membershipOf } from "../context.ts";
import { IdParam, TAG } from "./api-schemas.ts";
import { P } from "./grants.ts";
import { tagsJob } from "./jobs.ts";
import { TagRule } from "./tag-rules.ts";
import { createTag, deleteTag, listTags, updateTag } from "./tags.ts";

const name = z.string({ error: "give the tag a name" }).trim().min(1, "give the tag a name")
  .max(32, "at most 32 characters");
const TagCode = z.string({ error: "give the tag a code" }).trim()
  .regex(/^[a-z][a-z0-9_-]{0,31}$/, "lower-case letters, digits, _ or -, starting with a letter");

const CONDITION_KINDS = ["minSpend", "minVisits", "boughtCategory", "lastVisitWithin", "lastVisitNotWithin"] as const;

/** The one-condition rule the console's flat form describes, checked as any rule is; errors name the form's fields. */
function ruleOfFields(body: {
  kind: typeof CONDITION_KINDS[number];
  days: number;
  amountYuan?: number;
  visits?: number;
  category?: string;
}): TagRule {
  const condition = body.kind === "minSpend"
    ? {
      kind: body.kind,
      days: body.days,
      amountFen: body.amountYuan === undefined ? undefined : Math.round(body.amountYuan * 100),
    }
    : body.kind === "minVisits"
    ? { kind: body.kind, days: body.days, visits: body.visits }
    : body.kind === "boughtCategory"
    ? { kind: body.kind, days: body.days, category: body.category }
    : { kind: body.kind, days: body.days };
  const parsed = TagRule.safeParse({ all: [condition] });
  if (parsed.success) return parsed.data;
  const formField: Record<string, string> = {
    amountFen: "amountYuan",
    days: "days",
    visits: "visits",
    category: "category",
  };
  throw new ProblemError(
    422,
    "The condition is not complete.",
    parsed.error.issues.map((issue) => ({
      field: formField[String(issue.path.at(-1))] ?? "kind",
      message: issue.message,
    })),
  );
}

const TagView = z.object({
  id: z.string().uuid(),
  code: z.string(),
  name: z.string(),
  rule: TagRule.nullable().describe("null: set by hand"),
  members: z.number().int(),
  computedAt: z.string().nullable().describe("when the rule was last applied"),
  createdAt: z.string(),
}).openapi("MembershipTag");

export function tagRoutes(router: PluginRouter): void {
  router.openapi(
    guardedRoute({ permission: P.read }, {
      method: "get",
      path: "/tags",
      tags: [TAG],
      summary: "The district's member tags, with their rules and how many members carry each",
      responses: {
        200: {
          description: "Tags",
          content: { "application/json": { schema: z.object({ items: z.array(TagView) }) } },
        },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      return c.json({ items: await plugin.withTenant((tx) => listTags(tx)) }, 200);
    },
  );

  router.openapi(
    guardedRoute({ permission: P.tags }, {
      method: "post",
      path: "/tags",
      tags: [TAG],
      summary: "Add a tag: set by hand, or with a rule over members' purchases (applied now and nightly)",
      request: {
        body: {
          content: {
            "application/json": {
              schema: z.object({
                code: TagCode,
                name,
                rule: TagRule.optional(),
              }),
            },
          },
        },
      },
      responses: {
        201: { description: "Added", content: { "application/json": { schema: z.object({ id: z.string().uuid() }) } } },
        422: { description: "Invalid, or the code is taken", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const body = c.req.valid("json");
      const id = await plugin.withTenant(async (tx) => {
        const id = await createTag(tx, plugin.tenantId, body, plugin.actor);
        await plugin.audit.append(tx, { action: "membership.tag-create", target: `tag:${id}`, details: body });
        return id;
      });
      if (body.rule) await plugin.jobs.enqueue(tagsJob, { tagId: id });
      return c.json({ id }, 201);
    },
  );

  router.openapi(
    guardedRoute({ permission: P.tags }, {
      method: "post",
      path: "/tags/single-condition",
      tags: [TAG],
      summary: "Add a rule tag of one condition, from flat fields (the console's form; amounts in yuan)",
      request: {
        body: {
          content: {
            "application/json": {
              schema: z.object({
                code: TagCode,
                name,
                kind: z.enum(CONDITION_KINDS, { error: `choose one of ${CONDITION_KINDS.join(", ")}` }),
                days: z.int({ error: "must be a whole number of days" }),
                amountYuan: z.number({ error: "must be a number" }).optional(),
                visits: z.int({ error: "must be a whole number" }).optional(),
                category: z.string().optional(),
              }),
            },
          },
        },
      },
      responses: {
        201: { description: "Added", content: { "application/json": { schema: z.object({ id: z.string().uuid() }) } } },
        422: { description: "Invalid, or the code is taken", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const body = c.req.valid("json");
      const rule = ruleOfFields(body);
      const id = await plugin.withTenant(async (tx) => {
        const id = await createTag(tx, plugin.tenantId, { code: body.code, name: body.name, rule }, plugin.actor);
        await plugin.audit.append(tx, {
          action: "membership.tag-create",
          target: `tag:${id}`,
          details: { code: body.code, name: body.name, rule },
        });
        return id;
      });
      await plugin.jobs.enqueue(tagsJob, { tagId: id });
      return c.json({ id }, 201);
    },
  );

  router.openapi(
    guardedRoute({ permission: P.tags }, {
      method: "patch",
      path: "/tags/{id}",
      tags: [TAG],
      summary: "Rename a tag, or change a rule tag's rule (applied again at once)",
      request: {
        params: IdParam,
        body: {
          content: {
            "application/json": { schema: z.object({ name: name.optional(), rule: TagRule.optional() }).strict() },
          },
        },
      },
      responses: {
        200: {
          description: "Changed",
          content: { "application/json": { schema: z.object({ id: z.string().uuid() }) } },
        },
        404: { description: "No such tag", content: problem },
        422: { description: "Invalid, or a rule for a hand-set tag", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const tagId = c.req.valid("param").id;
      const change = c.req.valid("json");
      await plugin.withTenant(async (tx) => {
        await updateTag(tx, tagId, change);
        await plugin.audit.append(tx, { action: "membership.tag-update", target: `tag:${tagId}`, details: change });
      });
      if (change.rule) await plugin.jobs.enqueue(tagsJob, { tagId });
      return c.json({ id: tagId }, 200);
    },
  );

  router.openapi(
    guardedRoute({ permission: P.tags }, {
      method: "delete",
      path: "/tags/{id}",
      tags: [TAG],
      summary: "Remove a tag from the district and from every member",
      request: { params: IdParam },
      responses: {
        200: {
          description: "Removed",
          content: { "application/json": { schema: z.object({ removedFromMembers: z.number().int() }) } },
        },
        404: { description: "No such tag", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const tagId = c.req.valid("param").id;
      const removed = await plugin.withTenant(async (tx) => {
        const removed = await deleteTag(tx, tagId);
        await plugin.audit.append(tx, { action: "membership.tag-delete", target: `tag:${tagId}`, details: removed });
        return removed;
      });
      return c.json({ removedFromMembers: removed.members }, 200);
    },
  );
}
