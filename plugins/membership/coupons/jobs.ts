/** The coupons area's background work: the nightly expiry and the segment push. */
import { z } from "zod";
import { pluginJob } from "../../../platform/sdk.ts";
import type { MembershipConfig } from "../config.ts";
import type { MembershipJobCtx } from "../context.ts";
import type { MembershipTables } from "../schema.ts";
import { runBatch } from "./batches.ts";

/**
 * Marks the coupons past their end as expired. Reads do not wait for it (a coupon past its end is shown and
 * refused as expired at once); the mark keeps the counts and the index of live coupons small.
 */
export const expireCoupons = pluginJob<Record<string, never>, MembershipConfig, MembershipTables>({
  name: "coupons-expire",
  input: z.object({}).strict() as z.ZodType<Record<string, never>>,
  async run(ctx: MembershipJobCtx) {
    const now = new Date();
    const result = await ctx.withTenant((tx) =>
      tx.updateTable("plugin_membership.coupons").set({ status: "expired" })
        .where("status", "=", "active").where("valid_until", "<=", now).executeTakeFirst()
    );
    return { expired: Number(result.numUpdatedRows) };
  },
});

export const issueBatch = pluginJob<{ batchId: string }, MembershipConfig, MembershipTables>({
  name: "coupons-issue-batch",
  input: z.object({ batchId: z.string().uuid() }),
  attempts: 5,
  run: (ctx: MembershipJobCtx, input) => runBatch(ctx, input.batchId),
});

/** 00:20 in the district's time zone, after the day's coupons have ended. */
export const couponSchedules = [{ job: expireCoupons.name, cron: "20 0 * * *" }];
