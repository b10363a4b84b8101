/**
 * The daily retention job, per tenant. It is built from its dependencies (the audit sink, the registry) rather
 * than being a module constant, so the core wires in the real audit log; register the job and its schedule in
 * platform/jobs/core-jobs.ts:
 *   const retention = defineRetentionJob({ audit });
 *   coreJobs.push(retention); coreSchedules.push(retentionSchedule(retention));
 */
import { z } from "zod";
import type { AuditSink } from "../audit/types.ts";
import { defineJob, type JobDefinition, schedule, type ScheduleDefinition } from "../jobs/define.ts";
import type { RetentionRegistry } from "./retention-classes.ts";
import { type RetentionRunResult, runRetention } from "./retention-run.ts";

export const RETENTION_JOB_NAME = "core.retention";

/** 03:30 in each tenant's time zone: after midnight rollups, before the morning. */
export const RETENTION_CRON = "30 3 * * *";

export const retentionJobInput = z.object({
  /** Only these data classes; all when absent. */
  dataClasses: z.array(z.string()).optional(),
});

export type RetentionJobInput = z.infer<typeof retentionJobInput>;

export interface RetentionJobDeps {
  audit: AuditSink;
  registry?: RetentionRegistry;
  batchSize?: number;
}

export function defineRetentionJob(deps: RetentionJobDeps): JobDefinition<RetentionJobInput> {
  return defineJob({
    name: RETENTION_JOB_NAME,
    input: retentionJobInput,
    perTenant: true,
    // Re-running is safe (see retention-run.ts), so retries just continue where a failed attempt stopped.
    attempts: 3,
    backoffMs: 60_000,
    run(ctx, input): Promise<RetentionRunResult> {
      if (!ctx.tenantId) throw new Error(`${RETENTION_JOB_NAME} runs per tenant`);
      return runRetention(ctx.db, ctx.tenantId, {
        audit: deps.audit,
        registry: deps.registry,
        batchSize: deps.batchSize,
        actor: `job:${RETENTION_JOB_NAME}`,
        dataClasses: input.dataClasses,
        log: ctx.log,
      });
    },
  });
}

export function retentionSchedule(job: JobDefinition<RetentionJobInput>): ScheduleDefinition {
  return schedule(job, RETENTION_CRON, { perTenant: true });
}
