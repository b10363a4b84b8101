/**
 * The unsubscribe link of a marketing SMS, usable without signing in: the signed token names the member. GET only
 * reads (link previews and scanners open links), POST withdraws the marketing consent.
 */
import { z } from "@hono/zod-openapi";
import { guardedRoute, type PluginRouter, problem, ProblemError } from "../../../platform/sdk.ts";
import { type MembershipCtx, membershipOf, type MembershipTx } from "../context.ts";
import { decideMarketing, marketingConsentOf } from "../members/consent.ts";
import { marketingView } from "./marketing-view.ts";
import { DistrictParam, MarketingState, TAG } from "./api-schemas.ts";
import { memberOfUnsubscribeToken } from "./unsubscribe-token.ts";

const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });
const TokenQuery = z.object({ token: z.string().min(1, "the link's token is missing").max(200) });
const refused = { 404: { description: "The link is not valid in this district", content: problem } };

async function memberOfLink(plugin: MembershipCtx, tx: MembershipTx, token: string): Promise<string> {
  const memberId = await memberOfUnsubscribeToken(await plugin.privacy.cipher(tx), token);
  const member = memberId &&
    await tx.selectFrom("plugin_membership.members").select("id").where("id", "=", memberId)
      .where("status", "=", "active").executeTakeFirst();
  if (!member) throw new ProblemError(404, "This unsubscribe link is not valid.");
  return member.id;
}

export function unsubscribeRoutes(router: PluginRouter): void {
  router.openapi(
    guardedRoute("public", {
      method: "get",
      path: "/public/{district}/unsubscribe",
      tags: [TAG],
      summary: "Whether the member of an SMS unsubscribe link receives offers (no sign-in)",
      request: { params: DistrictParam, query: TokenQuery },
      responses: { 200: { description: "The state", ...json(MarketingState) }, ...refused },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const state = await plugin.withTenant(async (tx) =>
        await marketingConsentOf(tx, await memberOfLink(plugin, tx, c.req.valid("query").token))
      );
      return c.json(marketingView(plugin, state), 200);
    },
  );

  router.openapi(
    guardedRoute("public", {
      method: "post",
      path: "/public/{district}/unsubscribe",
      tags: [TAG],
      summary: "Stop offers from an SMS unsubscribe link: withdraws the member's marketing consent (no sign-in)",
      request: { params: DistrictParam, query: TokenQuery },
      responses: { 200: { description: "The state now", ...json(MarketingState) }, ...refused },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const state = await plugin.withTenant(async (tx) => {
        const memberId = await memberOfLink(plugin, tx, c.req.valid("query").token);
        await decideMarketing(plugin, tx, memberId, false, "sms-link");
        return await marketingConsentOf(tx, memberId);
      });
      return c.json(marketingView(plugin, state), 200);
    },
  );
}
