/**
 * Platform events: a dotted type and a zod schema for the payload. Publishing validates the payload, so a
 * handler can rely on its shape; the catalogue of core events is in catalogue.ts, plugins declare their own.
 */
import type { z } from "zod";

export interface EventDefinition<T = unknown> {
  /** "store.approved", "sale.recorded", "<plugin-id>.<event>" */
  type: string;
  schema: z.ZodType<T>;
  description: { zh: string; en: string };
}

const EVENT_TYPE = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;

export function defineEvent<T>(
  type: string,
  schema: z.ZodType<T>,
  description: { zh: string; en: string },
): EventDefinition<T> {
  if (!EVENT_TYPE.test(type)) throw new Error(`event type "${type}" must be dotted lower-case, like "store.approved"`);
  return { type, schema, description };
}

/** A committed event as a handler receives it. */
export interface DeliveredEvent<T = unknown> {
  id: string;
  type: string;
  tenantId: string;
  actor: string;
  occurredAt: string;
  payload: T;
}
