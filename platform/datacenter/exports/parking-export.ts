/**
 * parking.csv: gate events with the plate masked by the district's own masking rules (苏C***45), as staff see
 * plates on screen. The plate is decrypted in memory only to be masked; neither the ciphertext nor the blind index
 * (which would let files be joined on a plate) is ever written. District accounts only: gates are the district's.
 */
import { withTenant } from "../../db/tenant.ts";
import { maskConfigOf } from "../../privacy/mask-settings.ts";
import { maskValue } from "../../privacy/masking.ts";
import { localTimeText } from "../csv/local-time.ts";
import { type CsvExport, EXPORT_PAGE_ROWS, type ExportRequest } from "./export-kind.ts";
import { afterCursor, atText, nextCursor, type RawCursor } from "./keyset.ts";

const DIRECTION_ZH = { in: "进场", out: "出场" } as const;

export const parkingExport: CsvExport = {
  name: "parking",
  summary: "Parking gate events as CSV, plates masked",
  description: "Plates are masked with the district's masking rules; times in the district's time zone.",
  headings: {
    "zh-CN": ["时间", "道闸", "方向", "车牌"],
    "en-US": ["at", "gateId", "direction", "plate"],
  },
  scope: "district",
  maxDays: 366,
  page(request: ExportRequest, cursor: RawCursor | undefined) {
    return withTenant(request.db, request.tenantId, async (tx) => {
      const rows = await tx.selectFrom("core.parking_events")
        .select([atText, "at", "scope_id", "event_id", "gate_id", "direction", "plate_enc"])
        .where("at", ">=", request.from).where("at", "<", request.to)
        .where(afterCursor(cursor))
        .orderBy("at").orderBy("scope_id").orderBy("event_id")
        .limit(EXPORT_PAGE_ROWS)
        .execute();
      const config = await maskConfigOf(tx);
      const cipher = rows.length ? await request.keys.fieldCipher(tx) : undefined;
      const lines = [];
      for (const r of rows) {
        const plate = maskValue("plate", await cipher!.decrypt(r.plate_enc, "plate"), config);
        lines.push([
          localTimeText(new Date(r.at), request.timeZone),
          r.gate_id,
          request.lang === "zh-CN" ? DIRECTION_ZH[r.direction] : r.direction,
          plate,
        ]);
      }
      return { rows: lines, next: nextCursor(rows, EXPORT_PAGE_ROWS) };
    });
  },
};
