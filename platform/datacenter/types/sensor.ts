/** Sensor readings (能耗与环境): energy use, temperature, humidity and PM2.5 from the district's devices. */
import { sql } from "kysely";
import { z } from "zod";
import type { IngestEventType } from "../event-type.ts";
import { eventTime, label } from "../fields.ts";
import { insertNewRows } from "../insert-rows.ts";
import { rollupHourlyBuckets } from "../rollup-hourly.ts";

export const SENSOR_METRICS = ["energy_kwh", "temperature_c", "humidity_pct", "pm25"] as const;

export const sensorFields = z.strictObject({
  deviceId: label,
  metric: z.enum(SENSOR_METRICS),
  value: z.number().min(-1_000_000).max(1_000_000_000),
  at: eventTime,
});
export type SensorEvent = z.infer<typeof sensorFields>;

export const sensorType: IngestEventType<SensorEvent> = {
  type: "sensor",
  description: { zh: "传感器读数", en: "A sensor reading" },
  fields: sensorFields,
  store: "none",
  insert: (tx, ctx, events) =>
    insertNewRows(
      tx,
      "core.sensor_events",
      ctx,
      [
        { name: "device_id", type: "text" },
        { name: "metric", type: "text" },
        { name: "value", type: "double precision" },
        { name: "at", type: "timestamptz" },
      ],
      events.map((e) => ({ event_id: e.id, device_id: e.deviceId, metric: e.metric, value: e.value, at: e.at })),
    ),
  rollupHourly: (tx, tenantId, range) =>
    rollupHourlyBuckets(
      tx,
      tenantId,
      range,
      "core.sensor_events",
      sql`
        select hour, 'sensor.' || r.metric, '', r.device_id, count(*), sum(r.value)::numeric,
               min(r.value)::numeric, max(r.value)::numeric
          from r
         group by hour, r.metric, r.device_id
      `,
    ),
};
