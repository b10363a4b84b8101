/**
 * The per-store table of a period (门店经营排行) for operators: each store of the district with its own figures, by
 * the same formulas as the summary (metrics-figures.ts) — footfall from the counters at the store's door, 坪效 and
 * 人效 from the store's own area and staff count. Stores without data are listed with zeros.
 */
import type { Transaction } from "kysely";
import type { CoreDatabase } from "../db/schema.ts";
import { figuresOf, type RollupTotal, rollupTotals, storeFacts } from "./metrics-figures.ts";
import { periodsOf, timeZoneOf } from "./metrics-period.ts";
import { checkSpan } from "./metrics-summary.ts";

export interface StoreRow {
  storeId: string;
  name: string;
  status: "active" | "closed";
  areaM2: number | null;
  staffCount: number | null;
  footfallIn: number;
  transactions: number;
  netSalesFen: number;
  conversion: number | null;
  avgTicketFen: number | null;
  salesPerM2Fen: number | null;
  salesPerStaffFen: number | null;
  dwellMinutes: number | null;
}

export async function storeTable(
  tx: Transaction<CoreDatabase>,
  tenantId: string,
  range: { from: Date; to: Date },
): Promise<{ from: string; to: string; stores: StoreRow[] }> {
  const { current } = await periodsOf(tx, await timeZoneOf(tx, tenantId), range.from, range.to);
  checkSpan(current);
  const facts = await storeFacts(tx, tenantId);
  const byStore = new Map<string, RollupTotal[]>();
  for (const row of await rollupTotals(tx, tenantId, current, {})) {
    const rows = byStore.get(row.store);
    if (rows) rows.push(row);
    else byStore.set(row.store, [row]);
  }
  const stores = [...facts.values()].map((store): StoreRow => {
    const f = figuresOf(byStore.get(store.id) ?? [], facts, store.id);
    return {
      storeId: store.id,
      name: store.name,
      status: store.status,
      areaM2: store.areaM2,
      staffCount: store.staffCount,
      footfallIn: f.footfallIn,
      transactions: f.transactions,
      netSalesFen: f.netSalesFen,
      conversion: f.conversion,
      avgTicketFen: f.avgTicketFen,
      salesPerM2Fen: f.salesPerM2Fen,
      salesPerStaffFen: f.salesPerStaffFen,
      dwellMinutes: f.dwellMinutes,
    };
  });
  return { from: current.from.toISOString(), to: current.to.toISOString(), stores };
}
