/** A campaign as the API shows it, with its segment's name and its outcome counts. */
import type { MembershipTx } from "../context.ts";
import type { CampaignRow } from "./campaigns.ts";
import { campaignResults } from "./results.ts";

const iso = (value: Date | null) => value ? new Date(value).toISOString() : null;

export async function campaignView(tx: MembershipTx, campaign: CampaignRow) {
  const segment = await tx.selectFrom("plugin_membership.segments").select("name")
    .where("id", "=", campaign.segment_id).executeTakeFirst();
  return {
    id: campaign.id,
    title: campaign.title,
    body: campaign.body,
    channels: campaign.channels,
    segmentId: campaign.segment_id,
    segmentName: segment?.name ?? null,
    status: campaign.status,
    scheduledAt: iso(campaign.scheduled_at),
    startedAt: iso(campaign.started_at),
    finishedAt: iso(campaign.finished_at),
    audienceSize: campaign.audience_size,
    createdAt: new Date(campaign.created_at).toISOString(),
    results: await campaignResults(tx, campaign.id),
  };
}
