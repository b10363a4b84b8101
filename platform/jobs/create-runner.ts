/** Picks the runner: BullMQ when Redis is configured, in-process otherwise. */
import type { BullMQOptions } from "./bullmq-runner.ts";
import { BullMQRunner } from "./bullmq-runner.ts";
import { InProcessRunner } from "./inprocess-runner.ts";
import type { JobRunner, RunnerDeps } from "./runner.ts";

export function createJobRunner(
  deps: RunnerDeps,
  redis?: BullMQOptions,
): JobRunner {
  return redis ? new BullMQRunner(deps, redis) : new InProcessRunner(deps);
}
