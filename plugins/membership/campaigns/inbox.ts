/**
 * The one way a message reaches a member's inbox (站内信). Service notices (points expiring, a coupon issued) need
 * no marketing consent; a marketing message is refused here for a member whose latest marketing decision is not a
 * grant, so no caller can skip the consent gate (Xuzhou §7.3: push only with the consumer's consent). The
 * idempotency key makes a retried post land once.
 */
import { hasConsent, uuidv7 } from "../../../platform/sdk.ts";
import type { MembershipTx } from "../context.ts";
import type { InboxKind } from "./schema.ts";
import { lockMarketing, recentMarketing } from "./frequency.ts";

export const MARKETING_PURPOSE = "marketing";

export interface InboxPost {
  memberId: string;
  title: string;
  body: string;
  kind: InboxKind;
  /** Unique per member: the same key posts once ("coupon-issued:<coupon id>"). */
  idempotencyKey: string;
  /** The campaign the message belongs to, so the frequency cap counts the campaign once. */
  campaignId?: string;
}

export type InboxPostResult =
  | { posted: true; messageId: string; duplicate: boolean }
  | { posted: false; reason: "no-consent" | "capped" | "member-inactive" };

async function existing(tx: MembershipTx, memberId: string, key: string) {
  return await tx.selectFrom("plugin_membership.inbox_messages").select("id")
    .where("member_id", "=", memberId).where("idempotency_key", "=", key).executeTakeFirst();
}

/**
 * Posts the message unless refused: a marketing message needs the member's marketing consent and, with
 * `frequencyCap`, fewer than that many marketing messages to the member in the last 7 days.
 */
export async function postToInbox(
  tx: MembershipTx,
  tenantId: string,
  post: InboxPost,
  options: { frequencyCap?: number } = {},
): Promise<InboxPostResult> {
  const already = await existing(tx, post.memberId, post.idempotencyKey);
  if (already) return { posted: true, messageId: already.id, duplicate: true };
  const member = await tx.selectFrom("plugin_membership.members").select("status").where("id", "=", post.memberId)
    .executeTakeFirst();
  if (member?.status !== "active") return { posted: false, reason: "member-inactive" };
  if (post.kind === "marketing") {
    if (!await hasConsent(tx as never, post.memberId, MARKETING_PURPOSE)) {
      return { posted: false, reason: "no-consent" };
    }
    if (options.frequencyCap !== undefined) {
      await lockMarketing(tx, [post.memberId]);
      const recent = await recentMarketing(tx, [post.memberId], { exceptCampaign: post.campaignId });
      if ((recent.get(post.memberId) ?? 0) >= options.frequencyCap) return { posted: false, reason: "capped" };
    }
  }
  const inserted = await tx.insertInto("plugin_membership.inbox_messages").values({
    tenant_id: tenantId,
    id: uuidv7(),
    member_id: post.memberId,
    kind: post.kind,
    title: post.title,
    body: post.body,
    campaign_id: post.campaignId ?? null,
    idempotency_key: post.idempotencyKey,
  }).onConflict((oc) => oc.columns(["tenant_id", "member_id", "idempotency_key"]).doNothing())
    .returning("id").executeTakeFirst();
  if (inserted) return { posted: true, messageId: inserted.id, duplicate: false };
  // Another transaction posted the same key first.
  const winner = await existing(tx, post.memberId, post.idempotencyKey);
  return { posted: true, messageId: winner!.id, duplicate: true };
}
