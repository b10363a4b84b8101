/**
 * Metric queries answered from core.metric_rollups: footfall in/out and sales (count, amount, refunds, payment mix)
 * per hour or per district-local day. Only buckets with data are listed. A caller limited to one store gets that
 * store's numbers only; the route decides the store filter.
 */
import { sql } from "kysely";
import type { TenantTx } from "../db/tenant.ts";
import { PAYMENT_METHODS, type PaymentMethod } from "./types/sale.ts";

export type Granularity = "hour" | "day";

export interface MetricRange {
  from: Date;
  to: Date;
  granularity: Granularity;
  /** Only this store ('' rows, without a store, are then left out). */
  storeId?: string;
  /** Footfall only: only this zone. */
  zone?: string;
  /**
   * Footfall only, without a store: every counter ("all", the default), the district's entrances ("district": the
   * counters not at a store's door, as the summary counts footfall) or the stores' doors ("stores").
   */
  counters?: "all" | "district" | "stores";
}

export interface FootfallBucket {
  start: string;
  in: number;
  out: number;
}

export interface SalesBucket {
  start: string;
  salesCount: number;
  salesFen: number;
  refundCount: number;
  refundFen: number;
  /** Sales minus refunds. */
  netFen: number;
  /** Per payment method: receipts (sales and refunds) and net amount. */
  paymentMethods: Record<PaymentMethod, { count: number; netFen: number }>;
}

interface Row {
  /** The bucket's start in epoch milliseconds: a number parses far faster than a timestamp, row by row. */
  bucket: number;
  metric: string;
  dim: string;
  n: number;
  total: number;
}

const BUCKET_MS = sql`(extract(epoch from metric_rollups.bucket) * 1000)::float8`;

/**
 * The series statement over the rollup rows of `metrics`, summed per bucket and metric (and dimension when `byDim`).
 * `tenantId`: name the district explicitly, for a role that row-level security does not hold (the dashboard
 * benchmark compares the two); requests leave it out and the policy supplies the district.
 */
export function seriesSql(metrics: readonly string[], range: MetricRange, byDim: boolean, tenantId?: string) {
  const dim = byDim ? sql`dim` : sql`''`;
  return sql<Row>`
    select ${BUCKET_MS} as bucket, metric, ${dim} as dim, sum(n)::float8 as n, sum(total)::float8 as total
      from core.metric_rollups
     where granularity = ${range.granularity} and metric in (${sql.join([...metrics])})
       ${tenantId === undefined ? sql`` : sql`and tenant_id = ${tenantId}::uuid`}
       and bucket >= ${range.from} and bucket < ${range.to}
       ${range.storeId === undefined ? sql`` : sql`and store = ${range.storeId}`}
       ${range.zone === undefined ? sql`` : sql`and dim = ${range.zone}`}
       ${
    range.storeId !== undefined || !range.counters || range.counters === "all"
      ? sql``
      : range.counters === "district"
      ? sql`and store = ''`
      : sql`and store <> ''`
  }
     group by metric_rollups.bucket, metric, 3
     order by metric_rollups.bucket
  `;
}

function rows(tx: TenantTx, metrics: string[], range: MetricRange, byDim: boolean) {
  return seriesSql(metrics, range, byDim).execute(tx).then((result) => result.rows);
}

export async function footfallSeries(tx: TenantTx, range: MetricRange): Promise<FootfallBucket[]> {
  const buckets = new Map<number, FootfallBucket>();
  for (const row of await rows(tx, ["footfall.in", "footfall.out"], range, false)) {
    const start = new Date(row.bucket);
    const bucket = buckets.get(start.getTime()) ?? { start: start.toISOString(), in: 0, out: 0 };
    if (row.metric === "footfall.in") bucket.in = row.total;
    else bucket.out = row.total;
    buckets.set(start.getTime(), bucket);
  }
  return [...buckets.values()];
}

export async function salesSeries(tx: TenantTx, range: MetricRange): Promise<SalesBucket[]> {
  if (range.storeId !== undefined) {
    const storeRange = { ...range, zone: undefined, counters: undefined };
    return salesBuckets(await rows(tx, ["sales.sale", "sales.refund"], storeRange, true));
  }
  return salesBuckets((await districtSalesSql(range).execute(tx)).rows);
}

/** One row of sales per bucket: metric "sales.sale" or "sales.refund", dim the payment method, receipts and fen. */
export type SalesRow = Omit<Row, "bucket"> & { bucket: Date | string | number };

/**
 * Folds sales rows (in any order) into buckets in time order; the dashboard benchmark folds its raw-table rows the
 * same way.
 */
export function salesBuckets(salesRows: readonly SalesRow[]): SalesBucket[] {
  const buckets = new Map<number, SalesBucket>();
  for (const row of salesRows) {
    const start = new Date(row.bucket);
    let bucket = buckets.get(start.getTime());
    if (!bucket) {
      bucket = {
        start: start.toISOString(),
        salesCount: 0,
        salesFen: 0,
        refundCount: 0,
        refundFen: 0,
        netFen: 0,
        paymentMethods: Object.fromEntries(PAYMENT_METHODS.map((m) => [m, { count: 0, netFen: 0 }])) as SalesBucket[
          "paymentMethods"
        ],
      };
      buckets.set(start.getTime(), bucket);
    }
    const refund = row.metric === "sales.refund";
    if (refund) {
      bucket.refundCount += row.n;
      bucket.refundFen += row.total;
    } else {
      bucket.salesCount += row.n;
      bucket.salesFen += row.total;
    }
    bucket.netFen += refund ? -row.total : row.total;
    const method = bucket.paymentMethods[row.dim as PaymentMethod];
    if (method) {
      method.count += row.n;
      method.netFen += refund ? -row.total : row.total;
    }
  }
  return [...buckets.entries()].sort(([a], [b]) => a - b).map(([, bucket]) => bucket);
}

/**
 * The district's sales statement over the rollup's district rows (store '', one per bucket, sale/refund and payment
 * method): nothing to add up, so no grouping and no sort; the rows come in key order (metric first) and
 * salesBuckets puts the buckets in time order. `tenantId` as in seriesSql.
 */
export function districtSalesSql(range: MetricRange, tenantId?: string) {
  return sql<Row>`
    select ${BUCKET_MS} as bucket, case metric when 'sales.district.refund' then 'sales.refund' else 'sales.sale' end as metric, dim,
           n::float8 as n, total::float8 as total
      from core.metric_rollups
     where granularity = ${range.granularity} and metric in ('sales.district.sale', 'sales.district.refund')
       ${tenantId === undefined ? sql`` : sql`and tenant_id = ${tenantId}::uuid`}
       and bucket >= ${range.from} and bucket < ${range.to} and store = ''
  `;
}
