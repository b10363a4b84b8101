/**
 * The start of sending: the segment's members at that moment become the campaign's deliveries, one pending row per
 * member and channel. Taken once (audience_size says it was), so a resumed job works through the same audience and a
 * member who joins the segment halfway is not half-sent.
 */
import type { MembershipTx } from "../context.ts";
import type { CampaignRow } from "./campaigns.ts";
import { audienceOf, findSegment } from "./segments.ts";

const ROWS_PER_INSERT = 1000;

/** The campaign when it is sending (audience taken), else undefined: drafts, cancelled and sent ones are left be. */
export async function beginSending(
  tx: MembershipTx,
  tenantId: string,
  campaignId: string,
): Promise<CampaignRow | undefined> {
  const campaign = await tx.selectFrom("plugin_membership.campaigns").selectAll().where("id", "=", campaignId)
    .forUpdate().executeTakeFirst();
  if (campaign?.status !== "sending") return undefined;
  if (campaign.audience_size !== null) return campaign;
  const segment = await findSegment(tx, campaign.segment_id);
  const members = segment ? await audienceOf(tx, segment.rules) : [];
  const rows = members.flatMap((memberId) =>
    campaign.channels.map((channel) => ({
      tenant_id: tenantId,
      campaign_id: campaignId,
      member_id: memberId,
      channel,
    }))
  );
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    await tx.insertInto("plugin_membership.campaign_deliveries").values(rows.slice(i, i + ROWS_PER_INSERT))
      .onConflict((oc) => oc.doNothing()).execute();
  }
  const now = new Date();
  return await tx.updateTable("plugin_membership.campaigns")
    .set({ audience_size: members.length, started_at: now, heartbeat_at: now, updated_at: now })
    .where("id", "=", campaignId).returningAll().executeTakeFirstOrThrow();
}
