/**
 * Campaigns and their states: a draft is composed, then sent now or scheduled; a scheduled campaign can still be
 * changed or cancelled; once sending starts, its message and audience are fixed (the deliveries record them).
 */
import { ProblemError, uuidv7 } from "../../../platform/sdk.ts";
import type { MembershipTx } from "../context.ts";
import type { CampaignStatus, Channel } from "./schema.ts";

export interface CampaignDraft {
  title: string;
  body: string;
  channels: Channel[];
  segmentId: string;
}

const EDITABLE: readonly CampaignStatus[] = ["draft", "scheduled"];

export async function findCampaign(tx: MembershipTx, campaignId: string) {
  return await tx.selectFrom("plugin_membership.campaigns").selectAll().where("id", "=", campaignId)
    .executeTakeFirst();
}

export type CampaignRow = NonNullable<Awaited<ReturnType<typeof findCampaign>>>;

async function requireSegment(tx: MembershipTx, segmentId: string): Promise<void> {
  const segment = await tx.selectFrom("plugin_membership.segments").select("id").where("id", "=", segmentId)
    .executeTakeFirst();
  if (!segment) throw new ProblemError(422, "No such segment.", [{ field: "segmentId", message: "no such segment" }]);
}

export async function createCampaign(
  tx: MembershipTx,
  tenantId: string,
  draft: CampaignDraft & { createdBy: string; linkOrigin: string },
): Promise<string> {
  await requireSegment(tx, draft.segmentId);
  const id = uuidv7();
  await tx.insertInto("plugin_membership.campaigns").values({
    tenant_id: tenantId,
    id,
    title: draft.title,
    body: draft.body,
    channels: draft.channels,
    segment_id: draft.segmentId,
    link_origin: draft.linkOrigin,
    created_by: draft.createdBy,
  }).execute();
  return id;
}

/** The campaign, locked for a change of state; 404 when there is none, 409 when it is past changing. */
async function editable(tx: MembershipTx, campaignId: string): Promise<CampaignRow> {
  const campaign = await tx.selectFrom("plugin_membership.campaigns").selectAll().where("id", "=", campaignId)
    .forUpdate().executeTakeFirst();
  if (!campaign) throw new ProblemError(404, "There is no such campaign.");
  if (!EDITABLE.includes(campaign.status)) {
    throw new ProblemError(409, `The campaign is ${campaign.status}; it can no longer be changed.`);
  }
  return campaign;
}

export async function updateCampaign(
  tx: MembershipTx,
  campaignId: string,
  change: Partial<CampaignDraft>,
): Promise<CampaignRow> {
  await editable(tx, campaignId);
  if (change.segmentId) await requireSegment(tx, change.segmentId);
  return await tx.updateTable("plugin_membership.campaigns").set({
    ...(change.title !== undefined ? { title: change.title } : {}),
    ...(change.body !== undefined ? { body: change.body } : {}),
    ...(change.channels !== undefined ? { channels: change.channels } : {}),
    ...(change.segmentId !== undefined ? { segment_id: change.segmentId } : {}),
    updated_at: new Date(),
  }).where("id", "=", campaignId).returningAll().executeTakeFirstOrThrow();
}

/**
 * Sends now (`at` absent or past: the campaign becomes "sending" and the caller enqueues the job) or schedules it
 * (the every-minute dispatcher starts it when due).
 */
export async function releaseCampaign(
  tx: MembershipTx,
  campaignId: string,
  at: Date | undefined,
): Promise<CampaignRow> {
  await editable(tx, campaignId);
  const now = new Date();
  const later = at && at.getTime() > now.getTime();
  return await tx.updateTable("plugin_membership.campaigns").set(
    later
      ? { status: "scheduled", scheduled_at: at, updated_at: now }
      : { status: "sending", scheduled_at: now, updated_at: now },
  ).where("id", "=", campaignId).returningAll().executeTakeFirstOrThrow();
}

export async function cancelCampaign(tx: MembershipTx, campaignId: string): Promise<CampaignRow> {
  await editable(tx, campaignId);
  return await tx.updateTable("plugin_membership.campaigns").set({ status: "cancelled", updated_at: new Date() })
    .where("id", "=", campaignId).returningAll().executeTakeFirstOrThrow();
}

export async function listCampaigns(tx: MembershipTx, limit = 100) {
  return await tx.selectFrom("plugin_membership.campaigns").selectAll().orderBy("created_at", "desc").limit(limit)
    .execute();
}
