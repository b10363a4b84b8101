/**
 * One chunk of a campaign's sending, in three steps:
 * 1. in one transaction: pick members with pending deliveries (rows locked, skipping rows another run holds), keep
 *    only those whose latest marketing decision is a grant, apply the frequency cap under the per-member lock, post
 *    the inbox messages, and claim the SMS and WeChat rows as "sending" — committed before any gateway is called;
 * 2. call the gateways for the claimed rows;
 * 3. record each result on its row.
 * A crash between 1 and 3 leaves "sending" claims that the next run marks failed (outcome unknown) rather than send
 * again: at most once per (campaign, member, channel).
 */
import type { MembershipCtx, MembershipTx } from "../context.ts";
import { smsSenderFor } from "../members/sms.ts";
import type { CampaignRow } from "./campaigns.ts";
import { type DeliveryKey, setDeliveries } from "./delivery-rows.ts";
import { lockMarketing, recentMarketing } from "./frequency.ts";
import { MARKETING_PURPOSE, postToInbox } from "./inbox.ts";
import type { Channel, DeliveryStatus } from "./schema.ts";
import { unsubscribeToken } from "./unsubscribe-token.ts";
import { wechatSenderFor } from "./wechat.ts";

/** Where links in messages point. */
export interface CampaignLinks {
  origin: string;
  districtSlug: string;
}

interface Outbound {
  key: DeliveryKey;
  send(): Promise<{ id: string }>;
}

const GATEWAY_CONCURRENCY = 8;

export const SMS_TEMPLATE = "membership-campaign";

type Decision = { status: DeliveryStatus; reason?: string; providerId?: string };

/** Groups keys by identical decision so each group is one UPDATE. */
class Decisions {
  #groups = new Map<string, { change: Decision; keys: DeliveryKey[] }>();
  add(key: DeliveryKey, change: Decision) {
    const id = JSON.stringify(change);
    const group = this.#groups.get(id) ?? { change, keys: [] };
    group.keys.push(key);
    this.#groups.set(id, group);
  }
  async write(tx: MembershipTx, campaignId: string, from: DeliveryStatus) {
    for (const { change, keys } of this.#groups.values()) await setDeliveries(tx, campaignId, keys, change, from);
  }
}

async function decide(
  ctx: MembershipCtx,
  tx: MembershipTx,
  campaign: CampaignRow,
  links: CampaignLinks,
): Promise<{ members: number; outbound: Outbound[] } | undefined> {
  const picked = await tx.selectFrom("plugin_membership.campaign_deliveries").select("member_id")
    .where("campaign_id", "=", campaign.id).where("status", "=", "pending")
    .groupBy("member_id").orderBy("member_id").limit(ctx.config.campaignsChunkSize).execute();
  if (picked.length === 0) return undefined;
  const rows = await tx.selectFrom("plugin_membership.campaign_deliveries").select(["member_id", "channel"])
    .where("campaign_id", "=", campaign.id).where("status", "=", "pending")
    .where("member_id", "in", picked.map((row) => row.member_id))
    .forUpdate().skipLocked().execute();
  const channelsOf = new Map<string, Channel[]>();
  for (const row of rows) channelsOf.set(row.member_id, [...channelsOf.get(row.member_id) ?? [], row.channel]);
  const ids = [...channelsOf.keys()];
  if (ids.length === 0) return { members: 0, outbound: [] };

  const members = new Map(
    (await tx.selectFrom("plugin_membership.members").select(["id", "status", "member_no", "mobile_enc"])
      .where("id", "in", ids).execute()).map((m) => [m.id, m]),
  );
  const active = ids.filter((id) => members.get(id)?.status === "active");
  const consenting = await ctx.privacy.subjectsWithConsent(tx, active, MARKETING_PURPOSE);
  await lockMarketing(tx, [...consenting]);
  const recent = await recentMarketing(tx, [...consenting], { exceptCampaign: campaign.id });
  const cipher = campaign.channels.includes("sms") ? await ctx.privacy.cipher(tx) : undefined;
  const sms = campaign.channels.includes("sms") ? smsSenderFor(ctx) : undefined;
  const wechat = wechatSenderFor(ctx);

  const decisions = new Decisions();
  const outbound: Outbound[] = [];
  for (const memberId of ids) {
    const member = members.get(memberId);
    const keys = channelsOf.get(memberId)!.map((channel) => ({ memberId, channel }));
    const all = (change: Decision) => keys.forEach((key) => decisions.add(key, change));
    if (member?.status !== "active") all({ status: "failed", reason: "the member has left the district" });
    else if (!consenting.has(memberId)) all({ status: "skipped-no-consent" });
    else if ((recent.get(memberId) ?? 0) >= ctx.config.campaignsFrequencyCap) all({ status: "skipped-capped" });
    else {
      for (const key of keys) {
        if (key.channel === "inbox") {
          const posted = await postToInbox(tx, ctx.tenantId, {
            memberId,
            title: campaign.title,
            body: campaign.body,
            kind: "marketing",
            idempotencyKey: `campaign:${campaign.id}`,
            campaignId: campaign.id,
          });
          decisions.add(
            key,
            posted.posted
              ? { status: "sent", providerId: posted.messageId }
              : { status: posted.reason === "no-consent" ? "skipped-no-consent" : "failed", reason: posted.reason },
          );
        } else if (key.channel === "sms") {
          if (!member.mobile_enc || !cipher || !sms) {
            decisions.add(key, { status: "failed", reason: "no mobile number" });
            continue;
          }
          const mobile = await cipher.decrypt(member.mobile_enc, "phone");
          const token = await unsubscribeToken(cipher, memberId);
          const link = `${links.origin}/d/${links.districtSlug}/membership/unsubscribe?token=${token}`;
          decisions.add(key, { status: "sending" });
          outbound.push({
            key,
            send: () =>
              sms.send({
                tenantId: ctx.tenantId,
                mobile,
                template: SMS_TEMPLATE,
                params: { title: campaign.title, body: campaign.body, link },
              }),
          });
        } else {
          if (!wechat) {
            decisions.add(key, { status: "failed", reason: "WeChat is not set up for the district" });
            continue;
          }
          decisions.add(key, { status: "sending" });
          outbound.push({
            key,
            send: () =>
              wechat.send({
                tenantId: ctx.tenantId,
                memberNo: member.member_no,
                title: campaign.title,
                body: campaign.body,
                url: `${links.origin}/d/${links.districtSlug}/membership/inbox`,
                idempotencyKey: `${campaign.id}:${memberId}:wechat`,
              }),
          });
        }
      }
    }
  }
  await decisions.write(tx, campaign.id, "pending");
  await tx.updateTable("plugin_membership.campaigns").set({ heartbeat_at: new Date() })
    .where("id", "=", campaign.id).execute();
  return { members: ids.length, outbound };
}

async function callGateways(outbound: Outbound[]): Promise<Decisions> {
  const results = new Decisions();
  let next = 0;
  const worker = async () => {
    while (next < outbound.length) {
      const item = outbound[next++];
      try {
        const { id } = await item.send();
        results.add(item.key, { status: "sent", providerId: id });
      } catch (error) {
        results.add(item.key, { status: "failed", reason: error instanceof Error ? error.message : String(error) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(GATEWAY_CONCURRENCY, outbound.length) }, worker));
  return results;
}

/** Sends one chunk; the number of members decided, 0 when nothing is left that this run can take. */
export async function sendChunk(ctx: MembershipCtx, campaign: CampaignRow, links: CampaignLinks): Promise<number> {
  const decided = await ctx.withTenant((tx) => decide(ctx, tx, campaign, links));
  if (!decided) return 0;
  if (decided.outbound.length) {
    const results = await callGateways(decided.outbound);
    await ctx.withTenant((tx) => results.write(tx, campaign.id, "sending"));
  }
  return decided.members;
}
