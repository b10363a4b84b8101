/**
 * Job and schedule definitions, shared by the BullMQ runner and the in-process runner: a definition says what
 * input it takes (validated with zod on enqueue and again when it runs) and what it does.
 */
import { CronExpressionParser } from "cron-parser";
import type { Kysely, Transaction } from "kysely";
import type { z } from "zod";
import type { CoreDatabase } from "../db/schema.ts";
import type { Logger } from "../log.ts";

export interface JobContext {
  /** Set for tenant jobs; the job reaches tenant data through `withTenant`. */
  tenantId?: string;
  jobId: string;
  /** 1 on the first run, 2 on the first retry … */
  attempt: number;
  log: Logger;
  db: Kysely<CoreDatabase>;
  /** Tenant jobs only: a transaction scoped to this job's tenant. */
  withTenant<T>(fn: (tx: Transaction<CoreDatabase>) => Promise<T>): Promise<T>;
  /** Cross-tenant work, recorded with this job as the actor. */
  withPlatform<T>(
    purpose: string,
    fn: (tx: Transaction<CoreDatabase>) => Promise<T>,
  ): Promise<T>;
}

export interface JobDefinition<I = unknown> {
  /** Unique, dotted: "core.retention", "analytics.rollup-hourly". */
  name: string;
  input: z.ZodType<I>;
  /** Tenant jobs must be given a tenant when enqueued and run scoped to it. */
  perTenant: boolean;
  /** Attempts in all, including the first (default 3). */
  attempts: number;
  /** First retry delay; doubles each retry (default 1 s). */
  backoffMs: number;
  run(ctx: JobContext, input: I): Promise<unknown>;
}

const JOB_NAME = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;

export function defineJob<I>(
  definition: Omit<JobDefinition<I>, "attempts" | "backoffMs" | "perTenant"> & {
    attempts?: number;
    backoffMs?: number;
    perTenant?: boolean;
  },
): JobDefinition<I> {
  if (!JOB_NAME.test(definition.name)) {
    throw new Error(
      `job name "${definition.name}" must be dotted lower-case, like "core.retention"`,
    );
  }
  const attempts = definition.attempts ?? 3;
  if (!Number.isInteger(attempts) || attempts < 1) {
    throw new Error(`job ${definition.name}: attempts must be >= 1`);
  }
  return { perTenant: false, backoffMs: 1000, ...definition, attempts };
}

export interface ScheduleDefinition {
  job: JobDefinition<unknown>;
  /** Cron pattern; six fields means the first is seconds. */
  cron: string;
  /** Input for each run; validated against the job's schema at definition time. */
  input: unknown;
  /** One scheduler per tenant, in the tenant's time zone, instead of one for the platform. */
  perTenant: boolean;
  /** A plugin's schedule runs only for tenants that have the plugin enabled. */
  pluginId?: string;
}

export function schedule<I>(
  job: JobDefinition<I>,
  cron: string,
  options: { input?: I; perTenant?: boolean } = {},
): ScheduleDefinition {
  try {
    CronExpressionParser.parse(cron, { strict: false });
  } catch (error) {
    throw new Error(
      `schedule of ${job.name}: "${cron}" is not a cron pattern (${(error as Error).message})`,
    );
  }
  const input = options.input ?? {};
  const checked = job.input.safeParse(input);
  if (!checked.success) {
    throw new Error(
      `schedule of ${job.name}: input does not match the job's schema`,
    );
  }
  const perTenant = options.perTenant ?? job.perTenant;
  if (perTenant !== job.perTenant) {
    throw new Error(
      `schedule of ${job.name}: perTenant must match the job definition`,
    );
  }
  return {
    job: job as JobDefinition<unknown>,
    cron,
    input: checked.data,
    perTenant,
  };
}

/** A tenant as schedules see it: the id and the time zone its cron patterns are read in. */
export interface ScheduledTenant {
  id: string;
  timeZone: string;
  /** Plugins the tenant has enabled; plugin schedules are planned only for these. */
  plugins?: readonly string[];
}

/** One concrete scheduler: a schedule for the platform, or for one tenant. */
export interface PlannedSchedule {
  key: string;
  job: JobDefinition<unknown>;
  cron: string;
  timeZone: string;
  input: unknown;
  tenantId?: string;
}

export const PLATFORM_TIME_ZONE = "Asia/Shanghai";

/** Expands schedules over tenants; keys are stable, so re-planning is idempotent. */
export function planSchedules(
  schedules: ScheduleDefinition[],
  tenants: ScheduledTenant[],
): PlannedSchedule[] {
  const planned: PlannedSchedule[] = [];
  for (const s of schedules) {
    if (!s.perTenant) {
      planned.push({
        key: s.job.name,
        job: s.job,
        cron: s.cron,
        timeZone: PLATFORM_TIME_ZONE,
        input: s.input,
      });
      continue;
    }
    for (const tenant of tenants) {
      if (s.pluginId && !(tenant.plugins ?? []).includes(s.pluginId)) continue;
      planned.push({
        key: `${s.job.name}:${tenant.id}`,
        job: s.job,
        cron: s.cron,
        timeZone: tenant.timeZone,
        input: s.input,
        tenantId: tenant.id,
      });
    }
  }
  return planned;
}

export class JobInputError extends Error {
  constructor(
    job: string,
    public readonly issues: { field: string; message: string }[],
  ) {
    super(
      `job ${job}: invalid input: ${issues.map((i) => `${i.field || "(input)"} ${i.message}`).join("; ")}`,
    );
    this.name = "JobInputError";
  }
}

export function validateJobInput<I>(job: JobDefinition<I>, input: unknown): I {
  const result = job.input.safeParse(input);
  if (!result.success) {
    throw new JobInputError(
      job.name,
      result.error.issues.map((issue) => ({
        field: issue.path.join("."),
        message: issue.message,
      })),
    );
  }
  return result.data;
}
