/**
 * The data center's part in personal-data rules. Raw events are kept for a retention period per type and then
 * deleted by the nightly retention job (the hourly and daily rollups stay: they hold no personal data). Parking
 * events hold licence plates, so a data-subject request that proves a plate exports and erases that plate's
 * events. Both go through SECURITY DEFINER functions (migrations/0080): the raw tables stay append-only for requests.
 */
import { sql } from "kysely";
import type { RetentionDataClass } from "../privacy/retention-classes.ts";
import type { SubjectRightsHandler } from "../privacy/subject-requests-registry.ts";

function rawClass(
  type: "footfall" | "sale" | "parking" | "sensor",
  name: { zh: string; en: string },
  defaultDays: number,
  minimumDays: number,
): RetentionDataClass {
  const table = `${type}_events`;
  return {
    id: `raw_${type}_events`,
    name,
    table: `core.${table}`,
    timeColumn: "at",
    action: "delete",
    expire: async (tx, { cutoff, limit }) => {
      const { rows } = await sql<{ n: number }>`
        select core.expire_raw_events(${table}, ${cutoff.toISOString()}::timestamptz, ${limit}) as n`.execute(tx);
      return rows[0].n;
    },
    defaultDays,
    minimumDays,
  };
}

/**
 * Defaults: plates (personal data) for 180 days, enough for disputes over a parking fee; footfall and sensors for
 * 400 days and sales for three years, so year-on-year comparisons can be recomputed from raw events. The minimum
 * keeps at least the window in which late events are still accepted and rolled up.
 */
export const datacenterRetentionClasses: RetentionDataClass[] = [
  rawClass("parking", { zh: "停车场进出记录（含车牌）", en: "Parking gate events (with plates)" }, 180, 30),
  rawClass("footfall", { zh: "客流原始记录", en: "Raw footfall counts" }, 400, 30),
  rawClass("sale", { zh: "销售原始小票", en: "Raw sale receipts" }, 1095, 30),
  rawClass("sensor", { zh: "传感器原始读数", en: "Raw sensor readings" }, 400, 30),
];

/** Export and erase a licence plate's parking events, when the requester proved the plate (`identifiers.plate`). */
export const plateRightsHandler: SubjectRightsHandler = {
  id: "core.parking-plates",
  async export(tx, subject, tools) {
    const plate = subject.identifiers?.plate;
    if (!plate) return [];
    const index = await (await tools.cipher()).blindIndex("plate", plate);
    const rows = await tx.selectFrom("core.parking_events").select(["gate_id", "direction", "at", "received_at"])
      .where("plate_index", "=", index).orderBy("at").execute();
    return rows.map((r) => ({
      gate: r.gate_id,
      direction: r.direction,
      at: new Date(r.at).toISOString(),
      receivedAt: new Date(r.received_at).toISOString(),
    }));
  },
  async erase(tx, subject, tools) {
    const plate = subject.identifiers?.plate;
    if (!plate) return { affected: 0 };
    const index = await (await tools.cipher()).blindIndex("plate", plate);
    const { rows } = await sql<{ n: number }>`select core.erase_plate_events(${index}) as n`.execute(tx);
    return { affected: rows[0].n };
  },
};
