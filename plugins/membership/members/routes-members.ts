/**
 * The operators' member routes: the list (masked, searchable by exact mobile or card number, filtered by level and
 * tag, paged, with counts), one member's detail, the mobile in clear (pii:read:phone, audited), and hand-set tags.
 */
import { z } from "@hono/zod-openapi";
import { guardedRoute, piiSchema, type PluginRouter, problem, ProblemError } from "../../../platform/sdk.ts";
import { membershipOf } from "../context.ts";
import { ConsentState, IdParam, MemberSummary, Paging, TAG } from "./api-schemas.ts";
import { listMembers, memberCounts, memberDetail } from "./directory.ts";
import { P } from "./grants.ts";
import { tagMember, untagMember } from "./tags.ts";

const REVEAL_PERMISSION = "pii:read:phone";

const MemberDetail = MemberSummary.extend({
  name: z.string().nullable().describe("masked"),
  birthday: z.string().nullable().describe("masked: the year only"),
  joinedChannel: z.string(),
  joinedStore: z.object({ id: z.string().uuid(), name: z.string() }).nullable(),
  stores: z.array(z.object({
    id: z.string().uuid(),
    name: z.string(),
    via: z.enum(["signup", "sale", "manual"]),
    joinedAt: z.string(),
  })),
  tags: z.array(z.object({
    id: z.string().uuid(),
    code: z.string(),
    name: z.string(),
    source: z.enum(["manual", "rule"]),
    assignedAt: z.string(),
  })),
  marketingConsent: ConsentState,
}).openapi("MembershipMemberDetail");

async function requireMemberRow(tx: Parameters<typeof memberDetail>[1], memberId: string) {
  const member = await tx.selectFrom("plugin_membership.members").select(["id", "status", "mobile_enc"])
    .where("id", "=", memberId).executeTakeFirst();
  if (!member) throw new ProblemError(404, "There is no such member in this district.");
  return member;
}

export function memberRoutes(router: PluginRouter): void {
  router.openapi(
    guardedRoute({ permission: P.read }, {
      method: "get",
      path: "/members",
      tags: [TAG],
      summary: "The district's members, masked; find one by exact mobile or card number, filter by level or tag",
      request: {
        query: z.object({
          mobile: piiSchema("phone").optional().describe("exact mobile number (matched through the blind index)"),
          memberNo: z.string().regex(/^[0-9]{12}$/, "a card number has 12 digits").optional(),
          levelId: z.string().uuid({ error: "must be a level id" }).optional(),
          tagId: z.string().uuid({ error: "must be a tag id" }).optional(),
          ...Paging,
        }),
      },
      responses: {
        200: {
          description: "A page of members, the number matching, and the district's counts",
          content: {
            "application/json": {
              schema: z.object({
                items: z.array(MemberSummary),
                total: z.number().int(),
                page: z.number().int(),
                pageSize: z.number().int(),
                counts: z.object({
                  members: z.number().int(),
                  joinedLast30Days: z.number().int(),
                  byLevel: z.array(z.object({ levelId: z.string().uuid().nullable(), members: z.number().int() })),
                }),
              }),
            },
          },
        },
        422: { description: "Invalid filter", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const filter = c.req.valid("query");
      const result = await plugin.withTenant(async (tx) => ({
        ...await listMembers(plugin, tx, filter),
        counts: await memberCounts(tx),
      }));
      return c.json(result, 200);
    },
  );

  router.openapi(
    guardedRoute({ permission: P.read }, {
      method: "get",
      path: "/members/{id}",
      tags: [TAG],
      summary: "One member: level, tags, stores joined (双会员), marketing consent; personal data masked",
      request: { params: IdParam },
      responses: {
        200: { description: "The member", content: { "application/json": { schema: MemberDetail } } },
        404: { description: "No such member in this district", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const detail = await plugin.withTenant((tx) => memberDetail(plugin, tx, c.req.valid("param").id));
      if (!detail) throw new ProblemError(404, "There is no such member in this district.");
      return c.json(detail, 200);
    },
  );

  router.openapi(
    guardedRoute({ permission: P.read }, {
      method: "get",
      path: "/members/{id}/mobile",
      tags: [TAG],
      summary: "The member's mobile in clear, for a stated purpose (needs pii:read:phone too); every reveal is audited",
      request: {
        params: IdParam,
        query: z.object({
          purpose: z.string({ error: "say why the number is needed" }).trim()
            .min(2, "say why the number is needed").max(100, "at most 100 characters"),
        }),
      },
      responses: {
        200: {
          description: "The number",
          content: { "application/json": { schema: z.object({ mobile: z.string() }) } },
        },
        403: { description: "Lacks pii:read:phone", content: problem },
        404: { description: "No such member, or erased", content: problem },
        422: { description: "No purpose given", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      if (!plugin.principal?.permissions.has(REVEAL_PERMISSION)) {
        throw new ProblemError(403, `Seeing the number in clear needs the permission "${REVEAL_PERMISSION}".`);
      }
      const memberId = c.req.valid("param").id;
      const { purpose } = c.req.valid("query");
      const mobile = await plugin.withTenant(async (tx) => {
        const member = await requireMemberRow(tx, memberId);
        if (!member.mobile_enc) throw new ProblemError(404, "This member's data was erased.");
        const mobile = await (await plugin.privacy.cipher(tx)).decrypt(member.mobile_enc, "phone");
        // The same entry the core writes for a reveal: the kind and the purpose, never the value.
        await plugin.audit.append(tx, {
          action: "pii.reveal",
          target: `member:${memberId}`,
          details: { type: "phone", purpose },
        });
        return mobile;
      });
      c.header("cache-control", "no-store");
      return c.json({ mobile }, 200);
    },
  );

  router.openapi(
    guardedRoute({ permission: P.tag }, {
      method: "post",
      path: "/members/{id}/tags",
      tags: [TAG],
      summary: "Put a hand-set tag on the member (again: no change)",
      request: {
        params: IdParam,
        body: {
          content: {
            "application/json": { schema: z.object({ tagId: z.string().uuid({ error: "choose a tag" }) }) },
          },
        },
      },
      responses: {
        200: { description: "Tagged", content: { "application/json": { schema: z.object({ added: z.boolean() }) } } },
        404: { description: "No such member", content: problem },
        422: { description: "No such tag, or a rule's tag", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const memberId = c.req.valid("param").id;
      const { tagId } = c.req.valid("json");
      const added = await plugin.withTenant(async (tx) => {
        const member = await requireMemberRow(tx, memberId);
        if (member.status !== "active") throw new ProblemError(404, "This member's data was erased.");
        const added = await tagMember(tx, plugin.tenantId, memberId, tagId, plugin.actor);
        if (added) {
          await plugin.audit.append(tx, {
            action: "membership.member-tag",
            target: `member:${memberId}`,
            details: { tagId },
          });
        }
        return added;
      });
      return c.json({ added }, 200);
    },
  );

  router.openapi(
    guardedRoute({ permission: P.tag }, {
      method: "delete",
      path: "/members/{id}/tags/{tagId}",
      tags: [TAG],
      summary: "Take a hand-set tag off the member",
      request: { params: IdParam.extend({ tagId: z.string().uuid({ error: "must be a tag id" }) }) },
      responses: {
        200: {
          description: "Untagged",
          content: { "application/json": { schema: z.object({ removed: z.boolean() }) } },
        },
        404: { description: "No such member", content: problem },
        422: { description: "No such tag, or a rule's tag", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const { id: memberId, tagId } = c.req.valid("param");
      const removed = await plugin.withTenant(async (tx) => {
        await requireMemberRow(tx, memberId);
        const removed = await untagMember(tx, memberId, tagId);
        if (removed) {
          await plugin.audit.append(tx, {
            action: "membership.member-untag",
            target: `member:${memberId}`,
            details: { tagId },
          });
        }
        return removed;
      });
      return c.json({ removed }, 200);
    },
  );
}
