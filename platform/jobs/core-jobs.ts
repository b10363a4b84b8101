/** The core's own jobs and schedules; plugins add theirs through the plugin host. */
import type { JobDefinition, ScheduleDefinition } from "./define.ts";

export const coreJobs: JobDefinition<unknown>[] = [];

export const coreSchedules: ScheduleDefinition[] = [];
