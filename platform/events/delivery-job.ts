/**
 * Delivers one event to one handler, inside the job queue: retried with backoff, and after the last attempt
 * left in the queue's failed list (the dead letters platform admins see). The handler's context comes from the
 * plugin host, which also counts failures per plugin.
 */
import { z } from "zod";
import { defineJob, type JobContext, type JobDefinition } from "../jobs/define.ts";
import type { DeliveredEvent } from "./define.ts";
import type { EventRegistry } from "./registry.ts";

const input = z.object({ eventId: z.string().uuid(), handlerId: z.string().min(3) });

export interface DeliveryDeps {
  registry: EventRegistry;
  /** Runs the handler with its plugin's context; false when the plugin is not enabled for the tenant. */
  deliver(handlerId: string, event: DeliveredEvent, job: JobContext): Promise<boolean>;
  /** Attempts before a delivery becomes a dead letter (default 5), and the first retry delay (default 2 s). */
  attempts?: number;
  backoffMs?: number;
}

export const EVENT_DELIVERY_JOB = "core.event-deliver";

export type EventDeliveryInput = z.infer<typeof input>;

export function createEventDeliveryJob(deps: DeliveryDeps): JobDefinition<EventDeliveryInput> {
  return defineJob({
    name: EVENT_DELIVERY_JOB,
    input,
    perTenant: true,
    attempts: deps.attempts ?? 5,
    backoffMs: deps.backoffMs ?? 2000,
    run: async (ctx, { eventId, handlerId }) => {
      const row = await ctx.withTenant((tx) =>
        tx.selectFrom("core.event_outbox").selectAll().where("id", "=", eventId).executeTakeFirst()
      );
      if (!row) throw new Error(`event ${eventId} is not in the outbox`);
      const definition = deps.registry.event(row.type);
      const payload = definition ? definition.schema.parse(row.payload) : row.payload;
      const delivered = await deps.deliver(handlerId, {
        id: row.id,
        type: row.type,
        tenantId: row.tenant_id,
        actor: row.actor,
        occurredAt: row.created_at.toISOString(),
        payload,
      }, ctx);
      return delivered ? "delivered" : "skipped: plugin not enabled";
    },
  });
}
