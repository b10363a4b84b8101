/**
 * Runs jobs inside the web process for the embedded set-up (no Redis): the same definitions, retries with
 * exponential backoff and cron schedules as BullMQ, kept in memory. Jobs waiting when the process stops are
 * lost, which is why production uses BullMQ.
 */
import { CronExpressionParser } from "cron-parser";
import { uuidv7 } from "../ids.ts";
import type { JobDefinition, PlannedSchedule, ScheduledTenant } from "./define.ts";
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

interface QueuedJob {
  id: string;
  job: JobDefinition<unknown>;
  input: unknown;
  tenantId?: string;
  attempt: number;
}

const MAX_TIMER_MS = 2 ** 31 - 1;
const KEPT_FAILURES = 200;

export class InProcessRunner implements JobRunner {
  readonly kind = "in-process" as const;
  #deps: RunnerDeps;
  #jobs: Map<string, JobDefinition<unknown>>;
  #waiting: QueuedJob[] = [];
  #delayed = new Map<string, ReturnType<typeof setTimeout>>();
  #knownIds = new Set<string>();
  #active = 0;
  #concurrency: number;
  #running = false;
  #closed = false;
  #failures: FailedJob[] = [];
  #schedulers = new Map<
    string,
    { planned: PlannedSchedule; timer: ReturnType<typeof setTimeout> }
  >();
  #idle: (() => void)[] = [];

  constructor(deps: RunnerDeps, options: { concurrency?: number } = {}) {
    this.#deps = deps;
    this.#jobs = jobIndex(deps.jobs);
    this.#concurrency = options.concurrency ?? 2;
  }

  // deno-lint-ignore require-await -- async so that every refusal is a rejected promise, as with BullMQ
  async enqueue<I>(job: JobDefinition<I>, input: I, options: EnqueueOptions = {}): Promise<string> {
    if (this.#closed) throw new Error("the job runner is closed");
    const known = this.#jobs.get(job.name);
    if (!known) throw new Error(`job ${job.name} is not registered`);
    checkTenantOption(known, options.tenantId);
    const checked = validateJobInput(known, input);
    const id = options.jobId ?? uuidv7();
    if (this.#knownIds.has(id)) return id;
    this.#knownIds.add(id);
    const queued: QueuedJob = { id, job: known, input: checked, tenantId: options.tenantId, attempt: 1 };
    if (options.delayMs && options.delayMs > 0) this.#later(queued, options.delayMs);
    else this.#push(queued);
    return id;
  }

  syncSchedules(tenants: ScheduledTenant[]): Promise<void> {
    const planned = planSchedules(this.#deps.schedules, tenants);
    const wanted = new Set(planned.map((p) => p.key));
    for (const [key, entry] of this.#schedulers) {
      if (!wanted.has(key)) {
        clearTimeout(entry.timer);
        this.#schedulers.delete(key);
      }
    }
    for (const p of planned) {
      const existing = this.#schedulers.get(p.key);
      if (
        existing && existing.planned.cron === p.cron &&
        existing.planned.timeZone === p.timeZone
      ) continue;
      if (existing) clearTimeout(existing.timer);
      this.#arm(p);
    }
    return Promise.resolve();
  }

  startWorkers(): Promise<void> {
    this.#running = true;
    this.#pump();
    return Promise.resolve();
  }

  health(): Promise<JobHealth> {
    return Promise.resolve({
      ok: !this.#closed,
      kind: this.kind,
      waiting: this.#waiting.length,
      active: this.#active,
      delayed: this.#delayed.size,
      failed: this.#failures.length,
    });
  }

  failures(limit = 50): Promise<FailedJob[]> {
    return Promise.resolve(this.#failures.slice(-limit).reverse());
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#running = false;
    for (const { timer } of this.#schedulers.values()) clearTimeout(timer);
    this.#schedulers.clear();
    for (const timer of this.#delayed.values()) clearTimeout(timer);
    this.#delayed.clear();
    if (this.#active > 0) {
      await new Promise<void>((resolve) => this.#idle.push(resolve));
    }
  }

  #arm(planned: PlannedSchedule): void {
    const next = CronExpressionParser.parse(planned.cron, {
      tz: planned.timeZone,
      currentDate: new Date(),
    })
      .next().getTime();
    const wait = Math.max(0, next - Date.now());
    const timer = setTimeout(() => {
      if (this.#closed || this.#schedulers.get(planned.key)?.timer !== timer) {
        return;
      }
      if (wait <= MAX_TIMER_MS) {
        this.#push({
          id: `${planned.key}:${next}`,
          job: planned.job,
          input: planned.input,
          tenantId: planned.tenantId,
          attempt: 1,
        });
      }
      this.#arm(planned);
    }, Math.min(wait, MAX_TIMER_MS));
    this.#schedulers.set(planned.key, { planned, timer });
  }

  #push(queued: QueuedJob): void {
    this.#waiting.push(queued);
    this.#pump();
  }

  #later(queued: QueuedJob, delayMs: number): void {
    const key = `${queued.id}#${queued.attempt}`;
    const timer = setTimeout(() => {
      this.#delayed.delete(key);
      if (!this.#closed) this.#push(queued);
    }, delayMs);
    this.#delayed.set(key, timer);
  }

  #pump(): void {
    while (
      this.#running && this.#active < this.#concurrency &&
      this.#waiting.length > 0
    ) {
      const queued = this.#waiting.shift()!;
      this.#active++;
      this.#process(queued).finally(() => {
        this.#active--;
        if (this.#active === 0) {
          this.#idle.splice(0).forEach((resolve) => resolve());
        }
        this.#pump();
      });
    }
  }

  async #process(queued: QueuedJob): Promise<void> {
    try {
      await executeJob(this.#deps, queued.job, {
        input: queued.input,
        tenantId: queued.tenantId,
        jobId: queued.id,
        attempt: queued.attempt,
      });
      this.#knownIds.delete(queued.id);
    } catch (error) {
      if (queued.attempt < queued.job.attempts && !this.#closed) {
        this.#later(
          { ...queued, attempt: queued.attempt + 1 },
          queued.job.backoffMs * 2 ** (queued.attempt - 1),
        );
        return;
      }
      this.#knownIds.delete(queued.id);
      this.#failures.push({
        id: queued.id,
        name: queued.job.name,
        tenantId: queued.tenantId,
        reason: error instanceof Error ? error.message : String(error),
        attempts: queued.attempt,
        failedAt: new Date().toISOString(),
      });
      if (this.#failures.length > KEPT_FAILURES) this.#failures.shift();
      this.#deps.log.error("job failed for good", {
        job: queued.job.name,
        jobId: queued.id,
        error,
      });
    }
  }
}
