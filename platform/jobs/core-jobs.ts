/** The core's own jobs and schedules; plugins add theirs through the plugin host. */
import { appendAudit } from "../audit/audit-log.ts";
import { auditCheckpointJob, auditCheckpointSchedule } from "../audit/checkpoint-job.ts";
import { defineRetentionJob, retentionSchedule } from "../privacy/retention-job.ts";
import { rollupJob, rollupSchedule } from "../datacenter/rollup-job.ts";
import type { JobDefinition, ScheduleDefinition } from "./define.ts";

/** Deletes or anonymises personal data past its retention period, per district, nightly. */
const retentionJob = defineRetentionJob({ audit: appendAudit });

export const coreJobs: JobDefinition<unknown>[] = [
  retentionJob as JobDefinition<unknown>,
  auditCheckpointJob as JobDefinition<unknown>,
  rollupJob as JobDefinition<unknown>,
];

export const coreSchedules: ScheduleDefinition[] = [
  retentionSchedule(retentionJob),
  auditCheckpointSchedule,
  rollupSchedule,
];
