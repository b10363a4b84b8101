/**
 * The jobs that send campaigns. `campaign-send` takes the audience once, then works through it chunk by chunk until
 * nothing is pending; safe to run twice or side by side (rows are claimed, never sent twice). `campaign-dispatch`
 * runs every minute: it starts scheduled campaigns that are due and picks up campaigns whose sending stopped (a
 * worker died, or the in-process queue was lost in a restart).
 */
import { sql } from "kysely";
import { z } from "zod";
import { type PluginJob, pluginJob } from "../../../platform/sdk.ts";
import type { MembershipConfig } from "../config.ts";
import type { MembershipCtx, MembershipTx } from "../context.ts";
import type { MembershipTables } from "../schema.ts";
import { beginSending } from "./audience-snapshot.ts";
import { type CampaignLinks, sendChunk } from "./send-chunk.ts";

/** A claim or a campaign's heartbeat older than this belongs to a run that stopped. */
export const STALE_MINUTES = 15;
/** Chunks per job run; a longer campaign continues in a follow-up run, so no single job runs for hours. */
const CHUNKS_PER_RUN = 50;

const stale = sql<Date>`now() - make_interval(mins => ${STALE_MINUTES}::int)`;

async function linksOf(ctx: MembershipCtx, tx: MembershipTx, linkOrigin: string): Promise<CampaignLinks> {
  const tenant = await tx.selectFrom("core.tenants").select("slug").where("id", "=", ctx.tenantId)
    .executeTakeFirstOrThrow();
  const origin = (ctx.config.campaignsPublicOrigin || linkOrigin).replace(/\/+$/, "");
  return { origin, districtSlug: tenant.slug };
}

/** Claims left by a run that stopped: failed with an unknown outcome, never sent again. */
async function expireStaleClaims(tx: MembershipTx, campaignId: string): Promise<void> {
  await tx.updateTable("plugin_membership.campaign_deliveries").set({
    status: "failed",
    reason: "interrupted while sending; the outcome is unknown, so it is not sent again",
    decided_at: new Date(),
  }).where("campaign_id", "=", campaignId).where("status", "=", "sending").where("claimed_at", "<", stale)
    .execute();
}

/** Marks the campaign sent once no delivery is pending or being sent. */
async function finishIfDone(tx: MembershipTx, campaignId: string): Promise<boolean> {
  const open = await tx.selectFrom("plugin_membership.campaign_deliveries").select("member_id")
    .where("campaign_id", "=", campaignId).where("status", "in", ["pending", "sending"]).limit(1)
    .executeTakeFirst();
  if (open) return false;
  const now = new Date();
  const done = await tx.updateTable("plugin_membership.campaigns")
    .set({ status: "sent", finished_at: now, heartbeat_at: now, updated_at: now })
    .where("id", "=", campaignId).where("status", "=", "sending").executeTakeFirst();
  return done.numUpdatedRows > 0n;
}

export const campaignSend: PluginJob<{ campaignId: string }, MembershipConfig, MembershipTables> = pluginJob<
  { campaignId: string },
  MembershipConfig,
  MembershipTables
>({
  name: "campaign-send",
  input: z.object({ campaignId: z.string().uuid() }),
  attempts: 5,
  backoffMs: 10_000,
  async run(ctx, { campaignId }) {
    const started = await ctx.withTenant(async (tx) => {
      const campaign = await beginSending(tx, ctx.tenantId, campaignId);
      return campaign && { campaign, links: await linksOf(ctx, tx, campaign.link_origin) };
    });
    if (!started) return { skipped: "the campaign is not sending" };
    let members = 0;
    for (let chunk = 0; chunk < CHUNKS_PER_RUN; chunk++) {
      await ctx.withTenant((tx) => expireStaleClaims(tx, campaignId));
      const decided = await sendChunk(ctx, started.campaign, started.links);
      if (decided === 0) {
        const finished = await ctx.withTenant((tx) => finishIfDone(tx, campaignId));
        return { members, finished };
      }
      members += decided;
    }
    await ctx.jobs.enqueue(campaignSend, { campaignId });
    return { members, continued: true };
  },
});

export const campaignDispatch = pluginJob<Record<string, never>, MembershipConfig, MembershipTables>({
  name: "campaign-dispatch",
  input: z.object({}).strict() as z.ZodType<Record<string, never>>,
  async run(ctx) {
    const ids = await ctx.withTenant(async (tx) => {
      const now = new Date();
      const due = await tx.updateTable("plugin_membership.campaigns").set({ status: "sending", updated_at: now })
        .where("status", "=", "scheduled").where("scheduled_at", "<=", now).returning("id").execute();
      // Bumping the heartbeat makes the next minute's run leave it to the job enqueued now.
      const stalled = await tx.updateTable("plugin_membership.campaigns").set({ heartbeat_at: now })
        .where("status", "=", "sending")
        .where(sql<boolean>`coalesce(heartbeat_at, updated_at) < ${stale}`)
        .returning("id").execute();
      return [...due, ...stalled].map((row) => row.id);
    });
    for (const campaignId of ids) await ctx.jobs.enqueue(campaignSend, { campaignId });
    return { started: ids.length };
  },
});
