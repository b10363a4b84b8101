/** What a campaign did: outcome counts, who received what (per campaign and per member). */
import { sql } from "kysely";
import type { MembershipTx } from "../context.ts";
import type { Channel, DeliveryStatus } from "./schema.ts";

export const OUTCOMES = ["sent", "skipped-no-consent", "skipped-capped", "failed", "pending"] as const;
export type Outcome = typeof OUTCOMES[number];

export interface CampaignResults {
  /** Per member: sent when at least one channel reached them. */
  members: Record<Outcome, number>;
  /** Per channel and outcome, counting delivery rows. */
  byChannel: Partial<Record<Channel, Record<Outcome, number>>>;
}

const zero = (): Record<Outcome, number> => ({
  "sent": 0,
  "skipped-no-consent": 0,
  "skipped-capped": 0,
  "failed": 0,
  "pending": 0,
});

/** "sending" is still pending to whoever reads results. */
const outcomeOf = (status: DeliveryStatus): Outcome => status === "sending" ? "pending" : status;

export async function campaignResults(tx: MembershipTx, campaignId: string): Promise<CampaignResults> {
  const { rows: perMember } = await sql<{ outcome: Outcome; n: string }>`
    select outcome, count(*) as n from (
      select case
        when bool_or(status = 'sent') then 'sent'
        when bool_or(status in ('pending', 'sending')) then 'pending'
        when bool_or(status = 'failed') then 'failed'
        when bool_or(status = 'skipped-capped') then 'skipped-capped'
        else 'skipped-no-consent' end as outcome
      from plugin_membership.campaign_deliveries where campaign_id = ${campaignId}::uuid
      group by member_id
    ) per_member group by outcome`.execute(tx);
  const members = zero();
  for (const row of perMember) members[row.outcome] = Number(row.n);
  const perChannel = await tx.selectFrom("plugin_membership.campaign_deliveries")
    .select(["channel", "status", (eb) => eb.fn.countAll<string>().as("n")])
    .where("campaign_id", "=", campaignId).groupBy(["channel", "status"]).execute();
  const byChannel: CampaignResults["byChannel"] = {};
  for (const row of perChannel) {
    const counts = byChannel[row.channel] ??= zero();
    counts[outcomeOf(row.status)] += Number(row.n);
  }
  return { members, byChannel };
}

export interface DeliveryFilter {
  status?: Outcome;
  channel?: Channel;
  page: number;
  pageSize: number;
}

const statusesOf = (outcome: Outcome): DeliveryStatus[] => outcome === "pending" ? ["pending", "sending"] : [outcome];

/** The campaign's delivery rows, newest decision first, with the member's card number and encrypted mobile. */
export async function campaignDeliveries(tx: MembershipTx, campaignId: string, filter: DeliveryFilter) {
  let query = tx.selectFrom("plugin_membership.campaign_deliveries as d")
    .innerJoin("plugin_membership.members as m", (join) => join.onRef("m.id", "=", "d.member_id"))
    .where("d.campaign_id", "=", campaignId);
  if (filter.status) query = query.where("d.status", "in", statusesOf(filter.status));
  if (filter.channel) query = query.where("d.channel", "=", filter.channel);
  const total = await query.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
  const items = await query
    .select(["d.member_id", "d.channel", "d.status", "d.reason", "d.decided_at", "m.member_no", "m.mobile_enc"])
    .orderBy("d.member_id").orderBy("d.channel")
    .limit(filter.pageSize).offset((filter.page - 1) * filter.pageSize).execute();
  return { total: Number(total.n), items };
}

/** What one member received from campaigns, newest first. */
export async function memberDeliveries(tx: MembershipTx, memberId: string, limit = 200) {
  return await tx.selectFrom("plugin_membership.campaign_deliveries as d")
    .innerJoin("plugin_membership.campaigns as c", (join) => join.onRef("c.id", "=", "d.campaign_id"))
    .select(["d.campaign_id", "c.title", "d.channel", "d.status", "d.reason", "d.decided_at", "d.created_at"])
    .where("d.member_id", "=", memberId)
    .orderBy("d.created_at", "desc").orderBy("d.channel").limit(limit).execute();
}
