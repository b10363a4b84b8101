/**
 * The frequency cap: at most N marketing messages per member in any 7 days, whatever sends them. A campaign counts
 * once per member however many channels carry it; a marketing inbox message outside a campaign counts once.
 * Checking and recording happen under a per-member lock, so two campaigns sending at once cannot both take the
 * member's last place.
 */
import { sql } from "kysely";
import type { MembershipTx } from "../context.ts";

export const CAP_WINDOW_DAYS = 7;

/**
 * Takes the marketing lock of each member until the transaction ends, in id order so two transactions locking
 * overlapping members cannot deadlock.
 */
export async function lockMarketing(tx: MembershipTx, memberIds: readonly string[]): Promise<void> {
  for (const id of [...new Set(memberIds)].sort()) {
    await sql`select pg_advisory_xact_lock(hashtext('membership.marketing'), hashtext(${id}))`.execute(tx);
  }
}

/** Marketing messages each member received in the last 7 days (members with none are absent). */
export async function recentMarketing(
  tx: MembershipTx,
  memberIds: readonly string[],
  options: { exceptCampaign?: string } = {},
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (memberIds.length === 0) return counts;
  const ids = sql.join([...new Set(memberIds)].map((id) => sql`${id}::uuid`));
  const except = options.exceptCampaign ?? "00000000-0000-0000-0000-000000000000";
  const since = sql`now() - make_interval(days => ${CAP_WINDOW_DAYS}::int)`;
  const { rows } = await sql<{ member_id: string; n: string }>`
    select member_id, count(*) as n from (
      select member_id, 'c:' || campaign_id::text as touch
        from plugin_membership.campaign_deliveries
       where member_id in (${ids}) and status in ('sent', 'sending') and campaign_id <> ${except}::uuid
         and coalesce(decided_at, claimed_at) >= ${since}
      union
      select member_id, coalesce('c:' || campaign_id::text, 'm:' || id::text)
        from plugin_membership.inbox_messages
       where member_id in (${ids}) and kind = 'marketing' and campaign_id is distinct from ${except}::uuid
         and created_at >= ${since}
    ) touches group by member_id`.execute(tx);
  for (const row of rows) counts.set(row.member_id, Number(row.n));
  return counts;
}
