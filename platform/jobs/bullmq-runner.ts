/**
 * Jobs on Redis with BullMQ: one queue, job name = definition name, retries with exponential backoff,
 * Job Schedulers (upsertJobScheduler) keyed per job and tenant, workers that finish their current jobs before
 * closing. The web process enqueues and keeps schedulers in step; `deno task worker` processes.
 */
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { uuidv7 } from "../ids.ts";
import type { JobDefinition, ScheduledTenant } from "./define.ts";
import { planSchedules, validateJobInput } from "./define.ts";
import {
  checkTenantOption,
  type EnqueueOptions,
  executeJob,
  type FailedJob,
  type JobHealth,
  jobIndex,
  type JobRunner,
  type RunnerDeps,
} from "./runner.ts";

export const QUEUE_NAME = "district-jobs";

interface JobData {
  input: unknown;
  tenantId?: string;
}

export interface BullMQOptions {
  redisUrl: string;
  /** Key prefix in Redis; tests use their own so runs never meet. */
  prefix?: string;
  concurrency?: number;
}

function retryOptions(job: JobDefinition<unknown>) {
  return {
    attempts: job.attempts,
    backoff: { type: "exponential" as const, delay: job.backoffMs },
    removeOnComplete: { age: 24 * 3600, count: 1000 },
    removeOnFail: { age: 14 * 24 * 3600 },
  };
}

function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  what: string,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${what} did not answer within ${ms} ms`)),
        ms,
      );
    }),
  ]);
}

export class BullMQRunner implements JobRunner {
  readonly kind = "bullmq" as const;
  #deps: RunnerDeps;
  #jobs: Map<string, JobDefinition<unknown>>;
  #options: BullMQOptions;
  #connection: Redis;
  #queue: Queue<JobData>;
  #worker: Worker<JobData> | undefined;

  constructor(deps: RunnerDeps, options: BullMQOptions) {
    this.#deps = deps;
    this.#jobs = jobIndex(deps.jobs);
    this.#options = options;
    this.#connection = new Redis(options.redisUrl, {
      maxRetriesPerRequest: 3,
      lazyConnect: false,
    });
    // ioredis reports connection trouble as events; health() reports it, so do not let it crash the process.
    this.#connection.on("error", () => {});
    this.#queue = new Queue<JobData>(QUEUE_NAME, {
      connection: this.#connection,
      prefix: options.prefix ?? "district",
    });
    this.#queue.on("error", () => {});
  }

  async enqueue<I>(
    job: JobDefinition<I>,
    input: I,
    options: EnqueueOptions = {},
  ): Promise<string> {
    const known = this.#jobs.get(job.name);
    if (!known) throw new Error(`job ${job.name} is not registered`);
    checkTenantOption(known, options.tenantId);
    const checked = validateJobInput(known, input);
    const added = await this.#queue.add(known.name, {
      input: checked,
      tenantId: options.tenantId,
    }, {
      ...retryOptions(known),
      jobId: options.jobId ?? uuidv7(),
      delay: options.delayMs,
    });
    return added.id!;
  }

  async syncSchedules(tenants: ScheduledTenant[]): Promise<void> {
    const planned = planSchedules(this.#deps.schedules, tenants);
    const wanted = new Set(planned.map((p) => p.key));
    for (const existing of await this.#queue.getJobSchedulers(0, -1)) {
      if (!wanted.has(existing.key)) {
        await this.#queue.removeJobScheduler(existing.key);
      }
    }
    for (const p of planned) {
      await this.#queue.upsertJobScheduler(p.key, {
        pattern: p.cron,
        tz: p.timeZone,
      }, {
        name: p.job.name,
        data: { input: p.input, tenantId: p.tenantId },
        opts: retryOptions(p.job),
      });
    }
  }

  startWorkers(): Promise<void> {
    if (this.#worker) return Promise.resolve();
    const connection = new Redis(this.#options.redisUrl, {
      maxRetriesPerRequest: null,
    });
    connection.on("error", () => {});
    this.#worker = new Worker<JobData>(
      QUEUE_NAME,
      (bullJob) => {
        const job = this.#jobs.get(bullJob.name);
        if (!job) throw new Error(`no definition for job ${bullJob.name}`);
        return executeJob(this.#deps, job, {
          input: bullJob.data.input,
          tenantId: bullJob.data.tenantId,
          jobId: bullJob.id!,
          attempt: bullJob.attemptsMade + 1,
        });
      },
      {
        connection,
        prefix: this.#options.prefix ?? "district",
        concurrency: this.#options.concurrency ?? 4,
      },
    );
    this.#worker.on(
      "error",
      (error) => this.#deps.log.error("job worker error", { error }),
    );
    this.#worker.on("failed", (bullJob, error) => {
      if (bullJob && bullJob.attemptsMade >= (bullJob.opts.attempts ?? 1)) {
        this.#deps.log.error("job failed for good", {
          job: bullJob.name,
          jobId: bullJob.id,
          error,
        });
      }
    });
    return this.#worker.waitUntilReady().then(() => {});
  }

  async health(): Promise<JobHealth> {
    try {
      const counts = await withTimeout(
        this.#queue.getJobCounts(
          "waiting",
          "active",
          "delayed",
          "failed",
          "prioritized",
        ),
        2000,
        "Redis",
      );
      return {
        ok: true,
        kind: this.kind,
        waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
        active: counts.active ?? 0,
        delayed: counts.delayed ?? 0,
        failed: counts.failed ?? 0,
      };
    } catch (error) {
      return {
        ok: false,
        kind: this.kind,
        waiting: 0,
        active: 0,
        delayed: 0,
        failed: 0,
        detail: error instanceof Error ? error.message : String(error),
      };
    }
  }

  async failures(limit = 50): Promise<FailedJob[]> {
    const failed = await this.#queue.getFailed(0, limit - 1);
    return failed.map((job) => ({
      id: job.id!,
      name: job.name,
      tenantId: job.data.tenantId,
      reason: job.failedReason,
      attempts: job.attemptsMade,
      failedAt: new Date(job.finishedOn ?? job.timestamp).toISOString(),
    }));
  }

  /** Removes every key of this queue; tests use it to leave Redis as they found it. */
  async obliterate(): Promise<void> {
    await this.#queue.obliterate({ force: true });
  }

  async close(): Promise<void> {
    await this.#worker?.close();
    await this.#queue.close();
    if (this.#connection.status !== "end") {
      await this.#connection.quit().catch(() => {});
    }
  }
}
