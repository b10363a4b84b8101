/**
 * The signed-in member's own inbox and marketing choice, on the district's public routes (`/public/{district}/me/…`,
 * a member session required). Unsubscribing withdraws the marketing consent in the core's consent history, so the
 * next campaign skips the member; subscribing again records a new grant.
 */
import { z } from "@hono/zod-openapi";
import { guardedRoute, type PluginRouter, problem, ProblemError } from "../../../platform/sdk.ts";
import { membershipOf } from "../context.ts";
import { decideMarketing, marketingConsentOf } from "../members/consent.ts";
import { requireMember } from "../members/member-auth.ts";
import { marketingView } from "./marketing-view.ts";
import { DistrictParam, InboxMessage, MarketingState, Paging, TAG } from "./api-schemas.ts";
import { inboxPage, markAllRead, markRead } from "./inbox-read.ts";

const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });
const iso = (value: Date | null) => value ? new Date(value).toISOString() : null;
const signIn = { 401: { description: "Not signed in as a member", content: problem } };

export function memberRoutes(router: PluginRouter): void {
  router.openapi(
    guardedRoute("public", {
      method: "get",
      path: "/public/{district}/me/inbox",
      tags: [TAG],
      summary: "The member's inbox, newest first, with the unread count (member session)",
      request: { params: DistrictParam, query: Paging },
      responses: {
        200: {
          description: "A page of messages",
          ...json(z.object({
            items: z.array(InboxMessage),
            unread: z.number().int(),
            total: z.number().int(),
            page: z.number().int(),
            pageSize: z.number().int(),
          })),
        },
        ...signIn,
        422: { description: "Invalid paging", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const memberId = await requireMember(c, plugin);
      const { page, pageSize } = c.req.valid("query");
      const inbox = await plugin.withTenant((tx) => inboxPage(tx, memberId, page, pageSize));
      return c.json({
        items: inbox.items.map((m) => ({
          id: m.id,
          kind: m.kind,
          title: m.title,
          body: m.body,
          createdAt: new Date(m.created_at).toISOString(),
          readAt: iso(m.read_at),
        })),
        unread: inbox.unread,
        total: inbox.total,
        page,
        pageSize,
      }, 200);
    },
  );

  router.openapi(
    guardedRoute("public", {
      method: "post",
      path: "/public/{district}/me/inbox/{id}/read",
      tags: [TAG],
      summary: "Mark one of the member's messages read",
      request: { params: DistrictParam.extend({ id: z.string().uuid("must be a message id") }) },
      responses: {
        200: { description: "Read", ...json(z.object({ read: z.literal(true) })) },
        ...signIn,
        404: { description: "No such message of this member", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const memberId = await requireMember(c, plugin);
      const found = await plugin.withTenant((tx) => markRead(tx, memberId, c.req.valid("param").id));
      if (!found) throw new ProblemError(404, "There is no such message.");
      return c.json({ read: true as const }, 200);
    },
  );

  router.openapi(
    guardedRoute("public", {
      method: "post",
      path: "/public/{district}/me/inbox/read-all",
      tags: [TAG],
      summary: "Mark all of the member's messages read",
      request: { params: DistrictParam },
      responses: {
        200: { description: "Marked", ...json(z.object({ marked: z.number().int() })) },
        ...signIn,
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const memberId = await requireMember(c, plugin);
      const marked = await plugin.withTenant((tx) => markAllRead(tx, memberId));
      return c.json({ marked }, 200);
    },
  );

  router.openapi(
    guardedRoute("public", {
      method: "get",
      path: "/public/{district}/me/marketing",
      tags: [TAG],
      summary: "Whether the member receives offers (their latest marketing decision)",
      request: { params: DistrictParam },
      responses: { 200: { description: "The state", ...json(MarketingState) }, ...signIn },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const memberId = await requireMember(c, plugin);
      const state = await plugin.withTenant((tx) => marketingConsentOf(tx, memberId));
      return c.json(marketingView(plugin, state), 200);
    },
  );

  for (
    const [path, granted, summary] of [
      ["subscribe", true, "Receive offers again: records the member's marketing consent"],
      ["unsubscribe", false, "Stop receiving offers: withdraws the member's marketing consent"],
    ] as const
  ) {
    router.openapi(
      guardedRoute("public", {
        method: "post",
        path: `/public/{district}/me/${path}`,
        tags: [TAG],
        summary,
        request: { params: DistrictParam },
        responses: { 200: { description: "The state now", ...json(MarketingState) }, ...signIn },
      }),
      async (c) => {
        const plugin = membershipOf(c);
        const memberId = await requireMember(c, plugin);
        const state = await plugin.withTenant(async (tx) => {
          await decideMarketing(plugin, tx, memberId, granted, "h5");
          return await marketingConsentOf(tx, memberId);
        });
        return c.json(marketingView(plugin, state), 200);
      },
    );
  }
}
