/** The rollup job: per district, every minute, brings core.metric_rollups up to date with the raw events. */
import { z } from "zod";
import { defineJob, type JobDefinition, schedule } from "../jobs/define.ts";
import { ingestTypes } from "./core-types.ts";
import type { IngestRegistry } from "./event-type.ts";
import { rollupTenant } from "./rollup.ts";

export function createRollupJob(registry: IngestRegistry = ingestTypes): JobDefinition<Record<never, never>> {
  return defineJob({
    name: "core.datacenter-rollup",
    input: z.object({}),
    perTenant: true,
    backoffMs: 5_000,
    run: async (ctx) => {
      const report = await ctx.withTenant((tx) => rollupTenant(tx, ctx.tenantId!, registry));
      if (report.hours) ctx.log.info("rollups updated", { ...report });
      return report;
    },
  });
}

export const rollupJob = createRollupJob();

export const rollupSchedule = schedule(rollupJob, "* * * * *", { perTenant: true });
