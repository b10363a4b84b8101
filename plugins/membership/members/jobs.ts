/**
 * The members area's scheduled work, per district in its own time zone: levels at 02:30 (after the day's sales
 * have earned their points), rule tags at 03:00, birthday care at 09:00 (a greeting at a decent hour).
 */
import { z } from "zod";
import { pluginJob, type PluginSchedule } from "../../../platform/sdk.ts";
import type { MembershipConfig } from "../config.ts";
import type { MembershipTables } from "../schema.ts";
import { greetBirthdays } from "./birthday.ts";
import { memberLevelChanged } from "./events.ts";
import { recomputeLevels } from "./levels.ts";
import { applyTagRule, TagRule } from "./tag-rules.ts";

export const levelsJob = pluginJob<Record<string, never>, MembershipConfig, MembershipTables>({
  name: "members-levels",
  input: z.object({}).strict() as z.ZodType<Record<string, never>>,
  async run(ctx) {
    const changes = await ctx.withTenant(async (tx) => {
      const changes = await recomputeLevels(tx);
      for (const change of changes) await ctx.events.publish(tx, memberLevelChanged, change);
      return changes;
    });
    return { moved: changes.length };
  },
});

export const tagsJob = pluginJob<{ tagId?: string }, MembershipConfig, MembershipTables>({
  name: "members-tags",
  input: z.object({ tagId: z.string().uuid().optional() }),
  async run(ctx, input) {
    const tags = await ctx.withTenant((tx) => {
      let query = tx.selectFrom("plugin_membership.tags").select(["id", "rule"]).where("rule", "is not", null);
      if (input.tagId) query = query.where("id", "=", input.tagId);
      return query.execute();
    });
    const results: Record<string, { added: number; removed: number; members: number }> = {};
    // One transaction per tag: a long district-wide run does not hold every tag's rows at once.
    for (const tag of tags) {
      const rule = TagRule.safeParse(tag.rule);
      if (!rule.success) {
        ctx.log.error("membership: a tag's stored rule no longer parses", { tagId: tag.id });
        continue;
      }
      results[tag.id] = await ctx.withTenant((tx) =>
        applyTagRule(tx, ctx.tenantId, tag.id, rule.data, `plugin:${ctx.pluginId}`)
      );
    }
    return results;
  },
});

export const birthdayJob = pluginJob<Record<string, never>, MembershipConfig, MembershipTables>({
  name: "members-birthdays",
  input: z.object({}).strict() as z.ZodType<Record<string, never>>,
  run: (ctx) => greetBirthdays(ctx),
});

export const membersJobs = [levelsJob, tagsJob, birthdayJob];

export const membersSchedules: PluginSchedule[] = [
  { job: levelsJob.name, cron: "30 2 * * *" },
  { job: tagsJob.name, cron: "0 3 * * *" },
  { job: birthdayJob.name, cron: "0 9 * * *" },
];
