/**
 * The key figures of a period (经营指标), from the rollups, for the district or one store. The formulas, which the
 * OpenAPI descriptions repeat:
 *
 * - footfallIn: people counted in. For the district, the counters not at a store's door (its entrances); for a
 *   store, the counters at its door. Store doors inside the district would otherwise count a visitor twice.
 * - transactions: sale receipts (refund receipts are not transactions and are not subtracted).
 * - netSalesFen: sales minus refunds, in fen.
 * - conversion (转化率) = transactions ÷ footfallIn.
 * - avgTicketFen (客单价) = netSalesFen ÷ transactions.
 * - salesPerM2Fen (坪效) = netSalesFen ÷ floor area (m²), over the stores with sales or refunds in the period that
 *   have an area on record (for one store: its own area, so nothing sold is 0); salesPerStaffFen (人效) likewise
 *   over staff counts. For the period, not annualised.
 * - dwellMinutes: person-seconds of stay ÷ people counted out, over the counters that measure dwell, ÷ 60.
 *
 * A ratio is null when its divisor is zero. Money is rounded to whole fen, ratios to four decimals.
 */
import { sql, type Transaction } from "kysely";
import type { CoreDatabase } from "../db/schema.ts";
import type { Period } from "./metrics-period.ts";
import { PAYMENT_METHODS, type PaymentMethod } from "./types/sale.ts";

export interface RollupTotal {
  metric: string;
  store: string;
  dim: string;
  n: number;
  total: number;
}

export const SALES_METRICS = ["sales.sale", "sales.refund"] as const;
export const FOOTFALL_METRICS = ["footfall.in", "footfall.dwell_seconds", "footfall.dwell_people"] as const;

/**
 * Sums of the rollups in a period, per metric, store and dimension. `store`: one store's rows only; without it,
 * every store's sales and the footfall of `footfallStore` ('' for the district's entrances, undefined for every
 * counter, which the per-store table uses).
 */
export async function rollupTotals(
  tx: Transaction<CoreDatabase>,
  tenantId: string,
  period: Pick<Period, "from" | "to" | "granularity">,
  scope: { store?: string; footfallStore?: string },
): Promise<RollupTotal[]> {
  const footfallStore = scope.store ?? scope.footfallStore;
  const { rows } = await sql<RollupTotal>`
    select metric, store, dim, sum(n)::float8 as n, sum(total)::float8 as total
      from core.metric_rollups
     where tenant_id = ${tenantId}::uuid and granularity = ${period.granularity}
       and bucket >= ${period.from} and bucket < ${period.to}
       and ((metric in (${sql.join([...SALES_METRICS])})
             ${scope.store === undefined ? sql`` : sql`and store = ${scope.store}`})
         or (metric in (${sql.join([...FOOTFALL_METRICS])})
             ${footfallStore === undefined ? sql`` : sql`and store = ${footfallStore}`}))
     group by metric, store, dim
  `.execute(tx);
  return rows;
}

export interface StoreFacts {
  id: string;
  name: string;
  areaM2: number | null;
  staffCount: number | null;
  status: "active" | "closed";
}

/** The district's stores with their area and staff (explicit tenant filter: also used across tenants). */
export async function storeFacts(tx: Transaction<CoreDatabase>, tenantId: string): Promise<Map<string, StoreFacts>> {
  const rows = await tx.selectFrom("core.organisations")
    .select(["id", "name", "area_m2", "staff_count", "status"])
    .where("tenant_id", "=", tenantId).where("kind", "=", "store")
    .orderBy("name").orderBy("id").execute();
  return new Map(rows.map((row) => [row.id, {
    id: row.id,
    name: row.name,
    areaM2: row.area_m2 === null ? null : Number(row.area_m2),
    staffCount: row.staff_count,
    status: row.status,
  }]));
}

export interface MethodShare {
  transactions: number;
  netSalesFen: number;
  /** This method's share of net sales; null when net sales are not positive. */
  share: number | null;
}

export interface Figures {
  footfallIn: number;
  transactions: number;
  salesFen: number;
  refunds: number;
  refundFen: number;
  netSalesFen: number;
  conversion: number | null;
  avgTicketFen: number | null;
  salesPerM2Fen: number | null;
  salesPerStaffFen: number | null;
  dwellMinutes: number | null;
  /** Stores with sales or refunds in the period (the contributors behind the sales figures). */
  reportingStores: number;
  paymentMix: Record<PaymentMethod, MethodShare>;
}

/** a ÷ b rounded to `digits` decimals, or null when b is not positive. */
export function ratio(a: number, b: number, digits = 4): number | null {
  if (!(b > 0)) return null;
  const scale = 10 ** digits;
  return Math.round((a / b) * scale) / scale;
}

/**
 * The figures of rollup rows already narrowed to one scope. `footfallStore` picks the footfall rows that count
 * ('' for the district's entrances, a store id for its door).
 */
export function figuresOf(
  rows: readonly RollupTotal[],
  facts: Map<string, StoreFacts>,
  footfallStore: string,
): Figures {
  let footfallIn = 0, dwellSeconds = 0, dwellPeople = 0;
  let transactions = 0, salesFen = 0, refunds = 0, refundFen = 0;
  const netByStore = new Map<string, number>();
  const mix = Object.fromEntries(
    PAYMENT_METHODS.map((m) => [m, { transactions: 0, netSalesFen: 0, share: null }]),
  ) as Record<PaymentMethod, MethodShare>;
  for (const row of rows) {
    if (row.metric.startsWith("footfall.")) {
      if (row.store !== footfallStore) continue;
      if (row.metric === "footfall.in") footfallIn += row.total;
      else if (row.metric === "footfall.dwell_seconds") dwellSeconds += row.total;
      else dwellPeople += row.total;
      continue;
    }
    const refund = row.metric === "sales.refund";
    const signed = refund ? -row.total : row.total;
    netByStore.set(row.store, (netByStore.get(row.store) ?? 0) + signed);
    const method = mix[row.dim as PaymentMethod];
    if (refund) {
      refunds += row.n;
      refundFen += row.total;
    } else {
      transactions += row.n;
      salesFen += row.total;
      if (method) method.transactions += row.n;
    }
    if (method) method.netSalesFen += signed;
  }
  const netSalesFen = salesFen - refundFen;
  for (const method of Object.values(mix)) method.share = ratio(method.netSalesFen, netSalesFen);
  const reportingStores = netByStore.size;
  // One store's own ratios: with an area on record and nothing sold, its 坪效 is 0, not unknown.
  if (footfallStore !== "" && !netByStore.has(footfallStore)) netByStore.set(footfallStore, 0);

  let areaSales = 0, area = 0, staffSales = 0, staff = 0;
  for (const [store, net] of netByStore) {
    const fact = facts.get(store);
    if (fact?.areaM2 != null) {
      areaSales += net;
      area += fact.areaM2;
    }
    if (fact?.staffCount != null) {
      staffSales += net;
      staff += fact.staffCount;
    }
  }
  return {
    footfallIn,
    transactions,
    salesFen,
    refunds,
    refundFen,
    netSalesFen,
    conversion: ratio(transactions, footfallIn),
    avgTicketFen: ratio(netSalesFen, transactions, 0),
    salesPerM2Fen: ratio(areaSales, area, 0),
    salesPerStaffFen: ratio(staffSales, staff, 0),
    dwellMinutes: ratio(dwellSeconds / 60, dwellPeople, 1),
    reportingStores,
    paymentMix: mix,
  };
}
