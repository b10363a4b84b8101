/**
 * Parking gate events (停车出入): a plate recognised at a gate, in or out. The plate is checked with the shared
 * plate validator and stored only encrypted under the district's data key, with a blind index for lookups
 * (find my car, pay after leaving); the clear plate is never written.
 */
import { sql } from "kysely";
import { z } from "zod";
import { validatePlate } from "../../privacy/identifiers/plate.ts";
import type { IngestEventType } from "../event-type.ts";
import { eventTime, label } from "../fields.ts";
import { insertNewRows } from "../insert-rows.ts";
import { rollupHourlyBuckets } from "../rollup-hourly.ts";

export const plate = z.string().max(20).superRefine((value, ctx) => {
  const checked = validatePlate(value);
  if (!checked.ok) ctx.addIssue({ code: "custom", message: checked.message });
});

export const parkingFields = z.strictObject({
  gateId: label,
  plate,
  direction: z.enum(["in", "out"]),
  at: eventTime,
});
export type ParkingEvent = z.infer<typeof parkingFields>;

export const parkingType: IngestEventType<ParkingEvent> = {
  type: "parking",
  description: { zh: "车辆进出场", en: "A vehicle entering or leaving" },
  fields: parkingFields,
  store: "none",
  insert: async (tx, ctx, events) => {
    const cipher = await ctx.cipher();
    const rows = await Promise.all(events.map(async (e) => ({
      event_id: e.id,
      gate_id: e.gateId,
      plate_enc: await cipher.encrypt("plate", e.plate),
      plate_index: await cipher.blindIndex("plate", e.plate),
      direction: e.direction,
      at: e.at,
    })));
    return insertNewRows(tx, "core.parking_events", ctx, [
      { name: "gate_id", type: "text" },
      { name: "plate_enc", type: "text" },
      { name: "plate_index", type: "text" },
      { name: "direction", type: "text" },
      { name: "at", type: "timestamptz" },
    ], rows);
  },
  rollupHourly: (tx, tenantId, range) =>
    rollupHourlyBuckets(
      tx,
      tenantId,
      range,
      "core.parking_events",
      sql`
        select hour, 'parking.' || r.direction, '', r.gate_id, count(*), count(*)::numeric, null::numeric, null::numeric
          from r
         group by hour, r.direction, r.gate_id
      `,
    ),
};
