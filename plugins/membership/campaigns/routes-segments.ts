/** Segments for the operator: list, preview a rule's reach, create, change, delete. Writes are audited. */
import { z } from "@hono/zod-openapi";
import { guardedRoute, type PluginRouter, problem, ProblemError } from "../../../platform/sdk.ts";
import { membershipOf, type MembershipTx } from "../context.ts";
import { IdParam, Segment, SegmentPreview, TAG } from "./api-schemas.ts";
import { MARKETING_PURPOSE } from "./inbox.ts";
import { READ, WRITE } from "./permissions.ts";
import { describeRules, EMPTY_RULES, resolveRules, type SegmentRules, SegmentRulesInput } from "./segment-rules.ts";
import {
  audienceOf,
  countAudience,
  createSegment,
  deleteSegment,
  findSegment,
  listSegments,
  updateSegment,
} from "./segments.ts";

const SegmentInput = SegmentRulesInput.extend({
  name: z.string().trim().min(1, "give the segment a name").max(60, "at most 60 characters"),
  description: z.string().trim().max(200, "at most 200 characters").optional(),
});

const SegmentChange = SegmentRulesInput.extend({
  name: z.string().trim().min(1, "give the segment a name").max(60, "at most 60 characters").optional(),
  description: z.string().trim().max(200, "at most 200 characters").nullable().optional(),
});

type SegmentRow = NonNullable<Awaited<ReturnType<typeof findSegment>>>;

async function view(tx: MembershipTx, segment: SegmentRow) {
  return {
    id: segment.id,
    name: segment.name,
    description: segment.description,
    rules: await describeRules(tx, segment.rules),
    members: await countAudience(tx, segment.rules),
    createdAt: segment.created_at.toISOString(),
    updatedAt: segment.updated_at.toISOString(),
  };
}

const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });

export function segmentRoutes(router: PluginRouter): void {
  router.openapi(
    guardedRoute(READ, {
      method: "get",
      path: "/segments",
      tags: [TAG],
      summary: "Segments of members, with how many each reaches now",
      responses: { 200: { description: "Segments", ...json(z.object({ items: z.array(Segment) })) } },
    }),
    async (c) => {
      const items = await membershipOf(c).withTenant(async (tx) => {
        const segments = await listSegments(tx);
        return await Promise.all(segments.map((segment) => view(tx, segment)));
      });
      return c.json({ items }, 200);
    },
  );

  router.openapi(
    guardedRoute(READ, {
      method: "get",
      path: "/segments/preview",
      tags: [TAG],
      summary: "How many members rules would reach, and how many of them consented to marketing",
      request: { query: SegmentRulesInput },
      responses: {
        200: { description: "Counts", ...json(SegmentPreview) },
        422: { description: "Invalid rules", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const counts = await plugin.withTenant(async (tx) => {
        const rules = await resolveRules(tx, c.req.valid("query"), undefined, "query.");
        const members = await audienceOf(tx, rules);
        const consenting = await plugin.privacy.subjectsWithConsent(tx, members, MARKETING_PURPOSE);
        return { members: members.length, withConsent: consenting.size };
      });
      return c.json(counts, 200);
    },
  );

  router.openapi(
    guardedRoute(READ, {
      method: "get",
      path: "/segments/{id}",
      tags: [TAG],
      summary: "One segment",
      request: { params: IdParam },
      responses: {
        200: { description: "The segment", ...json(Segment) },
        404: { description: "No such segment", content: problem },
      },
    }),
    async (c) => {
      const segment = await membershipOf(c).withTenant(async (tx) => {
        const found = await findSegment(tx, c.req.valid("param").id);
        if (!found) throw new ProblemError(404, "There is no such segment.");
        return await view(tx, found);
      });
      return c.json(segment, 200);
    },
  );

  router.openapi(
    guardedRoute(WRITE, {
      method: "post",
      path: "/segments",
      tags: [TAG],
      summary: "Create a segment from rules",
      request: { body: { required: true, ...json(SegmentInput) } },
      responses: {
        201: { description: "Created", ...json(Segment) },
        422: { description: "Invalid fields", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const body = c.req.valid("json");
      const segment = await plugin.withTenant(async (tx) => {
        const rules = await resolveRules(tx, body);
        const id = await createSegment(tx, plugin.tenantId, {
          name: body.name,
          description: body.description || null,
          rules,
          createdBy: plugin.actor,
        });
        await plugin.audit.append(tx, {
          action: "membership.segment-create",
          target: `segment:${id}`,
          details: { name: body.name, rules },
        });
        return await view(tx, (await findSegment(tx, id))!);
      });
      return c.json(segment, 201);
    },
  );

  router.openapi(
    guardedRoute(WRITE, {
      method: "patch",
      path: "/segments/{id}",
      tags: [TAG],
      summary: "Change a segment's name or rules (the rules given replace those rules; others stay)",
      request: { params: IdParam, body: { required: true, ...json(SegmentChange) } },
      responses: {
        200: { description: "Changed", ...json(Segment) },
        404: { description: "No such segment", content: problem },
        422: { description: "Invalid fields", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const { id } = c.req.valid("param");
      const body = c.req.valid("json");
      const segment = await plugin.withTenant(async (tx) => {
        const found = await findSegment(tx, id);
        if (!found) throw new ProblemError(404, "There is no such segment.");
        const ruleGiven = (Object.keys(EMPTY_RULES) as (keyof SegmentRules)[]).some((key) => body[key] !== undefined);
        const rules = ruleGiven ? await resolveRules(tx, body, found.rules) : undefined;
        await updateSegment(tx, id, { name: body.name, description: body.description, rules });
        await plugin.audit.append(tx, {
          action: "membership.segment-update",
          target: `segment:${id}`,
          details: { name: body.name ?? found.name, ...(rules ? { rules } : {}) },
        });
        return await view(tx, (await findSegment(tx, id))!);
      });
      return c.json(segment, 200);
    },
  );

  router.openapi(
    guardedRoute(WRITE, {
      method: "delete",
      path: "/segments/{id}",
      tags: [TAG],
      summary: "Delete a segment no campaign uses",
      request: { params: IdParam },
      responses: {
        204: { description: "Deleted" },
        404: { description: "No such segment", content: problem },
        409: { description: "Campaigns use it", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const { id } = c.req.valid("param");
      await plugin.withTenant(async (tx) => {
        const found = await findSegment(tx, id);
        if (!found || !await deleteSegment(tx, id)) throw new ProblemError(404, "There is no such segment.");
        await plugin.audit.append(tx, {
          action: "membership.segment-delete",
          target: `segment:${id}`,
          details: { name: found.name },
        });
      });
      return c.body(null, 204);
    },
  );
}
