/**
 * Which events exist and who listens to them. Built once at boot from the core catalogue and every installed
 * plugin's manifest; a handler belongs to a plugin and only runs for districts that have that plugin enabled.
 */
import type { DeliveredEvent, EventDefinition } from "./define.ts";

export interface EventHandler<T = unknown, C = unknown> {
  /** "<plugin id>:<handler name>", stable: it keys deliveries and their retries. */
  id: string;
  pluginId: string;
  eventType: string;
  handle(event: DeliveredEvent<T>, context: C): Promise<void>;
}

export class EventRegistry {
  #events = new Map<string, EventDefinition>();
  #handlers = new Map<string, EventHandler>();

  defineEvent(definition: EventDefinition, owner = "core"): void {
    if (this.#events.has(definition.type)) {
      throw new Error(`${owner}: event type "${definition.type}" is already defined`);
    }
    this.#events.set(definition.type, definition);
  }

  subscribe(handler: EventHandler): void {
    if (!this.#events.has(handler.eventType)) {
      throw new Error(
        `plugin ${handler.pluginId}: handler ${handler.id} listens to unknown event "${handler.eventType}"`,
      );
    }
    if (this.#handlers.has(handler.id)) {
      throw new Error(`plugin ${handler.pluginId}: handler ${handler.id} is defined twice`);
    }
    this.#handlers.set(handler.id, handler);
  }

  event(type: string): EventDefinition | undefined {
    return this.#events.get(type);
  }

  handler(id: string): EventHandler | undefined {
    return this.#handlers.get(id);
  }

  /** Handlers of an event whose plugin is enabled in the district. */
  handlersFor(type: string, enabledPlugins: ReadonlySet<string>): EventHandler[] {
    return [...this.#handlers.values()].filter((h) => h.eventType === type && enabledPlugins.has(h.pluginId));
  }

  events(): EventDefinition[] {
    return [...this.#events.values()];
  }
}
