/**
 * Evidence for store indicator 7 (精准推送服务: "每周开展精准推送服务得 5 分"): per ISO week in the district's time
 * zone, how many campaigns reached at least one member and how many members they reached. Weeks without a push
 * are listed with zeros, so a gap shows.
 */
import { sql } from "kysely";
import type { MembershipTx } from "../context.ts";

export interface WeekOfPush {
  /** ISO week, "2026-W07". */
  week: string;
  /** Monday of the week, local date. */
  weekStart: string;
  campaigns: number;
  membersReached: number;
}

export async function weeklyReport(tx: MembershipTx, tenantId: string, weeks: number): Promise<WeekOfPush[]> {
  const tenant = await tx.selectFrom("core.tenants").select("time_zone").where("id", "=", tenantId)
    .executeTakeFirstOrThrow();
  const zone = tenant.time_zone;
  const { rows } = await sql<{ week: string; week_start: string; campaigns: string; members: string }>`
    with weeks as (
      select generate_series(
        date_trunc('week', now() at time zone ${zone}) - make_interval(weeks => ${weeks - 1}::int),
        date_trunc('week', now() at time zone ${zone}),
        interval '1 week') as week_start
    ), sent as (
      select date_trunc('week', decided_at at time zone ${zone}) as week_start, campaign_id, member_id
        from plugin_membership.campaign_deliveries
       where status = 'sent'
         and decided_at >= (date_trunc('week', now() at time zone ${zone})
               - make_interval(weeks => ${weeks - 1}::int)) at time zone ${zone}
    )
    select to_char(w.week_start, 'IYYY-"W"IW') as week, to_char(w.week_start, 'YYYY-MM-DD') as week_start,
           count(distinct s.campaign_id) as campaigns, count(distinct s.member_id) as members
      from weeks w left join sent s on s.week_start = w.week_start
     group by w.week_start order by w.week_start`.execute(tx);
  return rows.map((row) => ({
    week: row.week,
    weekStart: row.week_start,
    campaigns: Number(row.campaigns),
    membersReached: Number(row.members),
  }));
}
