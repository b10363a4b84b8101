/** `definePlugin` is an identity function with types: the checks happen when the host validates at boot. */
import type { EventDefinition } from "../events/define.ts";
import type { PluginDefinition, PluginEventHandler, PluginJob } from "./types.ts";

export function definePlugin<Config = Record<string, never>, DB = unknown>(
  definition: PluginDefinition<Config, DB>,
): PluginDefinition<Config, DB> {
  return definition;
}

/** A job of a plugin, with its input type inferred from its schema. */
export function pluginJob<I, Config = unknown, DB = unknown>(job: PluginJob<I, Config, DB>): PluginJob<I, Config, DB> {
  return job;
}

/** A handler of one event, with the payload typed by the event's schema. Must be idempotent. */
export function onEvent<T, Config = unknown, DB = unknown>(
  event: EventDefinition<T>,
  name: string,
  handle: PluginEventHandler<T, Config, DB>["handle"],
): PluginEventHandler<T, Config, DB> {
  return { name, event, handle };
}
