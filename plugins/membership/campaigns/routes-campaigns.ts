/** Campaigns for the operator: compose, change, send now or at a time, cancel, read with results. Writes are audited. */
import { z } from "@hono/zod-openapi";
import { guardedRoute, type PluginRouter, problem, ProblemError } from "../../../platform/sdk.ts";
import { type MembershipCtx, membershipOf } from "../context.ts";
import { Campaign, CampaignDraftInput, IdParam, TAG } from "./api-schemas.ts";
import { campaignView } from "./campaign-view.ts";
import {
  cancelCampaign,
  createCampaign,
  findCampaign,
  listCampaigns,
  releaseCampaign,
  updateCampaign,
} from "./campaigns.ts";
import { READ, WRITE } from "./permissions.ts";
import type { Channel } from "./schema.ts";
import { campaignSend } from "./send-job.ts";

const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });

function checkChannels(plugin: MembershipCtx, channels: Channel[] | undefined): void {
  if (channels?.includes("wechat") && !plugin.config.campaignsWechatUrl) {
    throw new ProblemError(422, "WeChat is not set up for this district.", [
      { field: "channels", message: "WeChat template messages are not set up for this district" },
    ]);
  }
}

const SendInput = z.object({
  at: z.string().datetime({ offset: true, message: "must be a date and time" }).optional()
    .openapi({ description: "when to send; absent or past: now" }),
});

export function campaignRoutes(router: PluginRouter): void {
  router.openapi(
    guardedRoute(READ, {
      method: "get",
      path: "/campaigns",
      tags: [TAG],
      summary: "Campaigns, newest first, with their outcome counts",
      responses: {
        200: {
          description: "Campaigns",
          ...json(z.object({
            items: z.array(Campaign),
            frequencyCap: z.number().int().describe("marketing messages per member in 7 days, at most"),
          })),
        },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const items = await plugin.withTenant(async (tx) => {
        const campaigns = await listCampaigns(tx);
        return await Promise.all(campaigns.map((campaign) => campaignView(tx, campaign)));
      });
      return c.json({ items, frequencyCap: plugin.config.campaignsFrequencyCap }, 200);
    },
  );

  router.openapi(
    guardedRoute(READ, {
      method: "get",
      path: "/campaigns/{id}",
      tags: [TAG],
      summary: "One campaign with its outcome counts",
      request: { params: IdParam },
      responses: {
        200: { description: "The campaign", ...json(Campaign) },
        404: { description: "No such campaign", content: problem },
      },
    }),
    async (c) => {
      const campaign = await membershipOf(c).withTenant(async (tx) => {
        const found = await findCampaign(tx, c.req.valid("param").id);
        if (!found) throw new ProblemError(404, "There is no such campaign.");
        return await campaignView(tx, found);
      });
      return c.json(campaign, 200);
    },
  );

  router.openapi(
    guardedRoute(WRITE, {
      method: "post",
      path: "/campaigns",
      tags: [TAG],
      summary: "Compose a campaign (a draft until sent or scheduled)",
      request: { body: { required: true, ...json(CampaignDraftInput) } },
      responses: {
        201: { description: "Composed", ...json(Campaign) },
        422: { description: "Invalid fields", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const body = c.req.valid("json");
      checkChannels(plugin, body.channels);
      const campaign = await plugin.withTenant(async (tx) => {
        const id = await createCampaign(tx, plugin.tenantId, {
          ...body,
          createdBy: plugin.actor,
          linkOrigin: new URL(c.req.url).origin,
        });
        await plugin.audit.append(tx, {
          action: "membership.campaign-create",
          target: `campaign:${id}`,
          details: { title: body.title, channels: body.channels, segmentId: body.segmentId },
        });
        return await campaignView(tx, (await findCampaign(tx, id))!);
      });
      return c.json(campaign, 201);
    },
  );

  router.openapi(
    guardedRoute(WRITE, {
      method: "patch",
      path: "/campaigns/{id}",
      tags: [TAG],
      summary: "Change a draft or scheduled campaign",
      request: { params: IdParam, body: { required: true, ...json(CampaignDraftInput.partial()) } },
      responses: {
        200: { description: "Changed", ...json(Campaign) },
        404: { description: "No such campaign", content: problem },
        409: { description: "Sending has started, or it was cancelled", content: problem },
        422: { description: "Invalid fields", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const { id } = c.req.valid("param");
      const body = c.req.valid("json");
      checkChannels(plugin, body.channels);
      const campaign = await plugin.withTenant(async (tx) => {
        const updated = await updateCampaign(tx, id, body);
        await plugin.audit.append(tx, {
          action: "membership.campaign-update",
          target: `campaign:${id}`,
          details: { fields: Object.keys(body) },
        });
        return await campaignView(tx, updated);
      });
      return c.json(campaign, 200);
    },
  );

  router.openapi(
    guardedRoute(WRITE, {
      method: "post",
      path: "/campaigns/{id}/send",
      tags: [TAG],
      summary: "Send a campaign now, or schedule it (only members who consented to marketing receive it)",
      request: { params: IdParam, body: { required: true, ...json(SendInput) } },
      responses: {
        200: { description: "Sending or scheduled", ...json(Campaign) },
        404: { description: "No such campaign", content: problem },
        409: { description: "Already sending, sent or cancelled", content: problem },
        422: { description: "Invalid fields", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const { id } = c.req.valid("param");
      const { at } = c.req.valid("json");
      const campaign = await plugin.withTenant(async (tx) => {
        const released = await releaseCampaign(tx, id, at ? new Date(at) : undefined);
        await plugin.audit.append(tx, {
          action: released.status === "scheduled" ? "membership.campaign-schedule" : "membership.campaign-send",
          target: `campaign:${id}`,
          details: { title: released.title, at: released.scheduled_at?.toISOString() ?? null },
        });
        return released;
      });
      // After the commit, so the job sees the campaign sending. The campaign is released either way: if the queue
      // cannot take the job now, the every-minute dispatcher resumes the campaign once it shows no progress.
      if (campaign.status === "sending") {
        await plugin.jobs.enqueue(campaignSend, { campaignId: id }).catch((error) =>
          plugin.log.warn("membership: campaign job not queued; the dispatcher will resume it", { error, id })
        );
      }
      return c.json(await plugin.withTenant((tx) => campaignView(tx, campaign)), 200);
    },
  );

  router.openapi(
    guardedRoute(WRITE, {
      method: "post",
      path: "/campaigns/{id}/cancel",
      tags: [TAG],
      summary: "Cancel a draft or scheduled campaign",
      request: { params: IdParam },
      responses: {
        200: { description: "Cancelled", ...json(Campaign) },
        404: { description: "No such campaign", content: problem },
        409: { description: "Already sending, sent or cancelled", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const { id } = c.req.valid("param");
      const campaign = await plugin.withTenant(async (tx) => {
        const cancelled = await cancelCampaign(tx, id);
        await plugin.audit.append(tx, {
          action: "membership.campaign-cancel",
          target: `campaign:${id}`,
          details: { title: cancelled.title },
        });
        return await campaignView(tx, cancelled);
      });
      return c.json(campaign, 200);
    },
  );
}
