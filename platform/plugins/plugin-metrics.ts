/** Failures counted per plugin, so an operator can see which plugin misbehaves without it taking others down. */
export interface PluginCounters {
  routeErrors: number;
  handlerErrors: number;
  jobErrors: number;
  lastError?: { at: string; where: "route" | "handler" | "job"; message: string };
}

export class PluginMetrics {
  #counters = new Map<string, PluginCounters>();

  #of(pluginId: string): PluginCounters {
    let counters = this.#counters.get(pluginId);
    if (!counters) {
      counters = { routeErrors: 0, handlerErrors: 0, jobErrors: 0 };
      this.#counters.set(pluginId, counters);
    }
    return counters;
  }

  failed(pluginId: string, where: "route" | "handler" | "job", error: unknown): void {
    const counters = this.#of(pluginId);
    if (where === "route") counters.routeErrors++;
    else if (where === "handler") counters.handlerErrors++;
    else counters.jobErrors++;
    counters.lastError = {
      at: new Date().toISOString(),
      where,
      message: error instanceof Error ? error.message : String(error),
    };
  }

  snapshot(pluginId: string): PluginCounters {
    return { ...this.#of(pluginId) };
  }
}
