/** What both job runners offer, and the execution logic they share. */
import type { Kysely } from "kysely";
import type { CoreDatabase } from "../db/schema.ts";
import { withPlatform, withTenant } from "../db/tenant.ts";
import type { Logger } from "../log.ts";
import type { JobContext, JobDefinition, ScheduleDefinition, ScheduledTenant } from "./define.ts";
import { validateJobInput } from "./define.ts";

export interface EnqueueOptions {
  tenantId?: string;
  /** Jobs with the same id are enqueued once (e.g. "rollup:<tenant>:<hour>"). */
  jobId?: string;
  delayMs?: number;
}

export interface FailedJob {
  id: string;
  name: string;
  tenantId?: string;
  reason: string;
  attempts: number;
  failedAt: string;
}

export interface JobHealth {
  ok: boolean;
  kind: "bullmq" | "in-process";
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  detail?: string;
}

export interface JobRunner {
  readonly kind: "bullmq" | "in-process";
  enqueue<I>(
    job: JobDefinition<I>,
    input: I,
    options?: EnqueueOptions,
  ): Promise<string>;
  /** Makes the schedulers match the definitions for these tenants, removing ones no longer wanted. */
  syncSchedules(tenants: ScheduledTenant[]): Promise<void>;
  /** Starts processing jobs in this process. */
  startWorkers(): Promise<void>;
  health(): Promise<JobHealth>;
  failures(limit?: number): Promise<FailedJob[]>;
  /** Stops taking jobs, waits for running ones, releases connections. */
  close(): Promise<void>;
}

export interface RunnerDeps {
  db: Kysely<CoreDatabase>;
  log: Logger;
  jobs: JobDefinition<unknown>[];
  schedules: ScheduleDefinition[];
}

export function jobIndex(
  jobs: JobDefinition<unknown>[],
): Map<string, JobDefinition<unknown>> {
  const index = new Map<string, JobDefinition<unknown>>();
  for (const job of jobs) {
    if (index.has(job.name)) {
      throw new Error(`job ${job.name} is defined twice`);
    }
    index.set(job.name, job);
  }
  return index;
}

export function checkTenantOption(
  job: JobDefinition<unknown>,
  tenantId: string | undefined,
): void {
  if (job.perTenant && !tenantId) {
    throw new Error(
      `job ${job.name} is per tenant: enqueue it with a tenantId`,
    );
  }
  if (!job.perTenant && tenantId) {
    throw new Error(`job ${job.name} is a platform job: it takes no tenantId`);
  }
}

/** Runs one attempt of a job: validates the input again (it may have waited in Redis) and builds the context. */
export async function executeJob(
  deps: RunnerDeps,
  job: JobDefinition<unknown>,
  raw: { input: unknown; tenantId?: string; jobId: string; attempt: number },
): Promise<unknown> {
  const input = validateJobInput(job, raw.input);
  const log = deps.log.child({
    job: job.name,
    jobId: raw.jobId,
    tenantId: raw.tenantId,
    attempt: raw.attempt,
  });
  const tenantId = raw.tenantId;
  const ctx: JobContext = {
    tenantId,
    jobId: raw.jobId,
    attempt: raw.attempt,
    log,
    db: deps.db,
    withTenant: (fn) => {
      if (!tenantId) throw new Error(`job ${job.name} has no tenant`);
      return withTenant(deps.db, tenantId, fn);
    },
    withPlatform: (purpose, fn) => withPlatform(deps.db, { actor: `job:${job.name}`, purpose }, fn),
  };
  const started = performance.now();
  try {
    const result = await job.run(ctx, input);
    log.info("job done", { ms: Math.round(performance.now() - started) });
    return result;
  } catch (error) {
    log.warn("job attempt failed", {
      error,
      ms: Math.round(performance.now() - started),
    });
    throw error;
  }
}
