/**
 * Footfall (客流): people counted in and out by a door counter in a zone, optionally a store's door. Counters that
 * measure dwell time (停留时长) add the average stay of the people they count going out.
 */
import { sql } from "kysely";
import { z } from "zod";
import type { IngestEventType } from "../event-type.ts";
import { eventTime, label, storeId } from "../fields.ts";
import { insertNewRows } from "../insert-rows.ts";
import { rollupHourlyBuckets } from "../rollup-hourly.ts";

const count = z.int().min(0).max(1_000_000);

export const footfallFields = z.strictObject({
  counterId: label,
  zone: label,
  /** The store whose door the counter is at; a store-scoped sender's events are always its store's. */
  storeId: storeId.optional(),
  in: count,
  out: count,
  /**
   * Average stay, in whole seconds, of the people this event counts going out (at most a day). An average rather
   * than a total, so an event never claims a stay for people it did not count; rollups weight it by `out`.
   */
  dwellSeconds: z.int().min(0).max(86_400).optional(),
  at: eventTime,
});
export type FootfallEvent = z.infer<typeof footfallFields>;

export const footfallType: IngestEventType<FootfallEvent> = {
  type: "footfall",
  description: { zh: "客流计数", en: "People counted in and out" },
  fields: footfallFields,
  store: "optional",
  insert: (tx, ctx, events) =>
    insertNewRows(
      tx,
      "core.footfall_events",
      ctx,
      [
        { name: "counter_id", type: "text" },
        { name: "zone", type: "text" },
        { name: "store_id", type: "uuid" },
        { name: "in_count", type: "integer" },
        { name: "out_count", type: "integer" },
        { name: "dwell_seconds", type: "integer" },
        { name: "at", type: "timestamptz" },
      ],
      events.map((e) => ({
        event_id: e.id,
        counter_id: e.counterId,
        zone: e.zone,
        store_id: e.storeId ?? null,
        in_count: e.in,
        out_count: e.out,
        dwell_seconds: e.dwellSeconds ?? null,
        at: e.at,
      })),
    ),
  rollupHourly: (tx, tenantId, range) =>
    rollupHourlyBuckets(
      tx,
      tenantId,
      range,
      "core.footfall_events",
      // Dwell: footfall.dwell_seconds totals person-seconds (average × people out) and footfall.dwell_people the
      // people out of the events that measured it, so an average over any buckets is one division.
      sql`
        select hour, m.metric, coalesce(r.store_id::text, ''), r.zone, count(*),
               sum(case when m.metric = 'footfall.in' then r.in_count else r.out_count end)::numeric,
               null::numeric, null::numeric
          from r cross join (values ('footfall.in'), ('footfall.out')) as m(metric)
         group by hour, m.metric, r.store_id, r.zone
        union all
        select hour, m.metric, coalesce(r.store_id::text, ''), r.zone, count(*),
               sum(case when m.metric = 'footfall.dwell_seconds' then r.dwell_seconds::numeric * r.out_count
                        else r.out_count end)::numeric,
               null::numeric, null::numeric
          from r cross join (values ('footfall.dwell_seconds'), ('footfall.dwell_people')) as m(metric)
         where r.dwell_seconds is not null
         group by hour, m.metric, r.store_id, r.zone
      `,
    ),
};
