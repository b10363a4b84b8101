/**
 * Moves committed events from the outbox to the job queue: one delivery job per subscribed handler of a plugin
 * the district has enabled. Rows are claimed with FOR UPDATE SKIP LOCKED, so several workers can poll at once;
 * job ids are "<event id>:<handler id>", so a dispatch repeated after a crash does not deliver twice while the
 * first job is still known to the queue. Delivery is at-least-once: handlers must be idempotent.
 */
import { type Kysely, sql } from "kysely";
import type { CoreDatabase } from "../db/schema.ts";
import { withPlatform } from "../db/tenant.ts";
import type { JobRunner } from "../jobs/runner.ts";
import type { Logger } from "../log.ts";
import type { EventDeliveryInput } from "./delivery-job.ts";
import type { JobDefinition } from "../jobs/define.ts";
import type { EventRegistry } from "./registry.ts";

export interface DispatchDeps {
  db: Kysely<CoreDatabase>;
  registry: EventRegistry;
  jobs: JobRunner;
  log: Logger;
  deliveryJob: JobDefinition<EventDeliveryInput>;
}

/** Dispatches up to `limit` pending events; returns how many events were handed on. */
export function dispatchPendingEvents(deps: DispatchDeps, limit = 200): Promise<number> {
  return withPlatform(
    deps.db,
    { actor: "system:event-dispatcher", purpose: "dispatch committed events" },
    async (tx) => {
      const pending = await sql<{ tenant_id: string; id: string; type: string }>`
      select tenant_id, id, type from core.event_outbox
       where dispatched_at is null
       order by created_at, id
       limit ${limit}
       for update skip locked
    `.execute(tx);
      if (pending.rows.length === 0) return 0;
      const tenantIds = [...new Set(pending.rows.map((r) => r.tenant_id))];
      const enabled = await tx.selectFrom("core.tenant_plugins").select(["tenant_id", "plugin_id"])
        .where("tenant_id", "in", tenantIds).where("enabled", "=", true).execute();
      const pluginsOf = new Map<string, Set<string>>();
      for (const row of enabled) {
        if (!pluginsOf.has(row.tenant_id)) pluginsOf.set(row.tenant_id, new Set());
        pluginsOf.get(row.tenant_id)!.add(row.plugin_id);
      }
      for (const event of pending.rows) {
        for (const handler of deps.registry.handlersFor(event.type, pluginsOf.get(event.tenant_id) ?? new Set())) {
          await deps.jobs.enqueue(deps.deliveryJob, { eventId: event.id, handlerId: handler.id }, {
            tenantId: event.tenant_id,
            jobId: `${event.id}:${handler.id}`,
          });
        }
      }
      await tx.updateTable("core.event_outbox").set({ dispatched_at: new Date() })
        .where((eb) => eb.or(pending.rows.map((r) => eb.and([eb("tenant_id", "=", r.tenant_id), eb("id", "=", r.id)]))))
        .execute();
      return pending.rows.length;
    },
  );
}

/** Polls the outbox while the process runs jobs; stop() waits for the current round. */
export function startOutboxPoller(deps: DispatchDeps, intervalMs = 1000): { stop(): Promise<void> } {
  let stopped = false;
  let current: Promise<unknown> = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const round = async () => {
    try {
      // Drain what is there before sleeping again.
      while (!stopped && (await dispatchPendingEvents(deps)) > 0) { /* next batch */ }
    } catch (error) {
      deps.log.error("event dispatch failed; will retry", { error });
    }
    if (!stopped) timer = setTimeout(() => (current = round()), intervalMs);
  };
  current = round();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
