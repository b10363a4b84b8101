/** Field schemas shared by the event types. */
import { z } from "zod";

/** How far ahead of the server's clock an event time may be (clock skew of the sender); later is refused. */
export const MAX_FUTURE_MS = 24 * 60 * 60 * 1000;

/** The sender's own event id: the idempotency key. */
export const eventId = z.string().min(1).max(128);

/** ISO 8601 with an offset ("2026-03-01T10:15:00+08:00"). Late and out-of-order times are fine; the far future is not. */
export const eventTime = z.iso.datetime({ offset: true }).refine(
  (value) => !(Date.parse(value) > Date.now() + MAX_FUTURE_MS),
  "must not be more than 24 hours in the future",
);

/** A short identifier of a device, gate, counter or zone. */
export const label = z.string().trim().min(1).max(64);

export const storeId = z.uuid();
