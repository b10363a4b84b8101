/** footfall.csv: one line per counter reading in time order, with the store it belongs to (if any). */
import { withTenant } from "../../db/tenant.ts";
import { localTimeText } from "../csv/local-time.ts";
import { type CsvExport, EXPORT_PAGE_ROWS, type ExportRequest } from "./export-kind.ts";
import { afterCursor, atText, nextCursor, type RawCursor } from "./keyset.ts";

export const footfallExport: CsvExport = {
  name: "footfall",
  summary: "Footfall counts as CSV, one line per counter reading",
  description: "Times in the district's time zone; store users get their own store's counters.",
  headings: {
    "zh-CN": ["时间", "计数器", "区域", "门店", "门店名称", "进", "出"],
    "en-US": ["at", "counterId", "zone", "storeId", "storeName", "in", "out"],
  },
  scope: "store",
  maxDays: 366,
  async page(request: ExportRequest, cursor: RawCursor | undefined) {
    const rows = await withTenant(request.db, request.tenantId, (tx) =>
      tx.selectFrom("core.footfall_events")
        .select([atText, "at", "scope_id", "event_id", "counter_id", "zone", "store_id", "in_count", "out_count"])
        .where("at", ">=", request.from).where("at", "<", request.to)
        .$if(request.storeId !== undefined, (q) => q.where("store_id", "=", request.storeId!))
        .where(afterCursor(cursor))
        .orderBy("at").orderBy("scope_id").orderBy("event_id")
        .limit(EXPORT_PAGE_ROWS)
        .execute());
    return {
      rows: rows.map((r) => [
        localTimeText(new Date(r.at), request.timeZone),
        r.counter_id,
        r.zone,
        r.store_id ?? "",
        r.store_id ? request.storeNames.get(r.store_id) ?? "" : "",
        r.in_count,
        r.out_count,
      ]),
      next: nextCursor(rows, EXPORT_PAGE_ROWS),
    };
  },
};
