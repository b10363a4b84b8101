/**
 * The daily points job (00:20 district time, after a year-end expiry at midnight): writes off lots whose time has
 * come — one 'expire' entry per lot, keyed `expire:<lot>`, so a second run or a spend that wrote it first leaves
 * nothing to do — and tells members once per expiry time, pointsExpiryNoticeDays before, with a service notice in
 * their inbox and the event membership.points-expiring.
 */
import { z } from "zod";
import { pluginJob } from "../../../platform/sdk.ts";
import { postToInbox } from "../campaigns/inbox.ts";
import type { MembershipConfig } from "../config.ts";
import type { MembershipJobCtx } from "../context.ts";
import type { MembershipTables } from "../schema.ts";
import { localDay } from "./days.ts";
import { districtPoints } from "./district.ts";
import { pointsExpiring } from "./events.ts";
import { expireLapsed } from "./ledger.ts";

const BATCH = 200;

async function writeOffLapsed(ctx: MembershipJobCtx, now: Date): Promise<number> {
  let lapsed = 0;
  const done = new Set<string>();
  while (true) {
    const members = await ctx.withTenant((tx) =>
      tx.selectFrom("plugin_membership.points_lots").select("member_id").distinct()
        .where("remaining", ">", 0).where("expires_at", "<=", now)
        .$if(done.size > 0, (q) => q.where("member_id", "not in", [...done]))
        .limit(BATCH).execute()
    );
    if (!members.length) return lapsed;
    for (const { member_id } of members) {
      // One transaction per member: a member's lock is held briefly, and a failure leaves others written off.
      lapsed += await ctx.withTenant((tx) => expireLapsed(tx, ctx.tenantId, member_id, now));
      done.add(member_id);
    }
  }
}

async function noticeExpiring(ctx: MembershipJobCtx, now: Date): Promise<number> {
  const days = ctx.config.pointsExpiryNoticeDays;
  if (days === 0) return 0;
  const until = new Date(now.getTime() + days * 86_400_000);
  const due = await ctx.withTenant((tx) =>
    tx.selectFrom("plugin_membership.points_lots as l")
      .leftJoin(
        "plugin_membership.points_expiry_notices as n",
        (join) =>
          join.onRef("n.tenant_id", "=", "l.tenant_id").onRef("n.member_id", "=", "l.member_id")
            .onRef("n.expires_at", "=", "l.expires_at"),
      )
      // Erased members are told nothing (their lots still lapse).
      .innerJoin(
        "plugin_membership.members as m",
        (join) => join.onRef("m.tenant_id", "=", "l.tenant_id").onRef("m.id", "=", "l.member_id"),
      )
      .where("m.status", "=", "active")
      .select(["l.member_id", "l.expires_at", (eb) => eb.fn.sum<string>("l.remaining").as("points")])
      .where("l.remaining", ">", 0).where("l.expires_at", ">", now).where("l.expires_at", "<=", until)
      .where("n.member_id", "is", null)
      .groupBy(["l.member_id", "l.expires_at"]).execute()
  );
  let told = 0;
  for (const row of due) {
    const expiresAt = new Date(row.expires_at!);
    const points = Number(row.points);
    const posted = await ctx.withTenant(async (tx) => {
      const fresh = await tx.insertInto("plugin_membership.points_expiry_notices")
        .values({ tenant_id: ctx.tenantId, member_id: row.member_id, expires_at: expiresAt, points })
        .onConflict((oc) => oc.columns(["tenant_id", "member_id", "expires_at"]).doNothing())
        .returning("member_id").executeTakeFirst();
      if (!fresh) return false;
      // The moment of expiry is the start of the next day; members read the last day they can use the points.
      const { timeZone } = await districtPoints(tx);
      const lastDay = localDay(new Date(expiresAt.getTime() - 1), timeZone);
      await postToInbox(tx, ctx.tenantId, {
        memberId: row.member_id,
        kind: "service",
        title: "积分即将过期 · Points expiring soon",
        body: `您有 ${points} 积分将于 ${lastDay} 后过期，请及时在商圈参与门店使用。\n` +
          `${points} of your points expire after ${lastDay}; use them at any participating store.`,
        idempotencyKey: `points-expiring:${expiresAt.toISOString()}`,
      });
      await ctx.events.publish(tx, pointsExpiring, {
        memberId: row.member_id,
        points,
        expiresAt: expiresAt.toISOString(),
      });
      return true;
    });
    if (posted) told++;
  }
  return told;
}

export const pointsDaily = pluginJob<Record<string, never>, MembershipConfig, MembershipTables>({
  name: "points-daily",
  input: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
  async run(ctx) {
    const now = new Date();
    const lapsed = await writeOffLapsed(ctx, now);
    const notices = await noticeExpiring(ctx, now);
    return { lapsed, notices };
  },
});
