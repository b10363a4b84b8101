/**
 * metrics-daily.csv: one line per district-local day of the range — footfall (the district's entrances, or the
 * store's door), receipts, sales, refunds and the net per payment method — from the daily rollups, the numbers the
 * dashboards show. Days without data are lines of
 * zeros, so a spreadsheet chart has no gaps. At most about two years: a single page.
 */
import { withTenant } from "../../db/tenant.ts";
import { localDay } from "../csv/local-time.ts";
import { yuan } from "../csv/write.ts";
import { footfallSeries, salesSeries } from "../metrics.ts";
import { PAYMENT_METHODS } from "../types/sale.ts";
import type { CsvExport, ExportRequest } from "./export-kind.ts";

/** The calendar days from `first` to `last`, both "YYYY-MM-DD", inclusive. */
export function daysBetween(first: string, last: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= Date.parse(`${last}T00:00:00Z`); t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

export const dailyExport: CsvExport = {
  name: "metrics-daily",
  summary: "Daily footfall and sales as CSV, from the rollups",
  description: "One line per day in the district's time zone; amounts in yuan; net sales per payment method.",
  headings: {
    "zh-CN": [
      "日期",
      "客流(进)",
      "客流(出)",
      "成交笔数",
      "销售额(元)",
      "退款笔数",
      "退款额(元)",
      "净销售额(元)",
      "现金(元)",
      "银行卡(元)",
      "微信(元)",
      "支付宝(元)",
      "数字人民币(元)",
    ],
    "en-US": [
      "date",
      "footfallIn",
      "footfallOut",
      "transactions",
      "sales",
      "refunds",
      "refundAmount",
      "netSales",
      ...PAYMENT_METHODS.map((m) => `net_${m}`),
    ],
  },
  scope: "store",
  maxDays: 732,
  async page(request: ExportRequest) {
    const range = { from: request.from, to: request.to, granularity: "day" as const, storeId: request.storeId };
    // The district's footfall is its entrances, as the summary and the dashboard count it (a store's door is
    // counted again at the entrance the shopper came through).
    const [footfall, sales] = await withTenant(
      request.db,
      request.tenantId,
      async (tx) =>
        [
          await footfallSeries(tx, { ...range, counters: request.storeId ? undefined : "district" }),
          await salesSeries(tx, range),
        ] as const,
    );
    const footfallByDay = new Map(footfall.map((b) => [localDay(new Date(b.start), request.timeZone), b]));
    const salesByDay = new Map(sales.map((b) => [localDay(new Date(b.start), request.timeZone), b]));
    const days = daysBetween(
      localDay(request.from, request.timeZone),
      localDay(new Date(request.to.getTime() - 1), request.timeZone),
    );
    return {
      rows: days.map((day) => {
        const f = footfallByDay.get(day);
        const s = salesByDay.get(day);
        return [
          day,
          f?.in ?? 0,
          f?.out ?? 0,
          s?.salesCount ?? 0,
          yuan(s?.salesFen ?? 0),
          s?.refundCount ?? 0,
          yuan(s?.refundFen ?? 0),
          yuan(s?.netFen ?? 0),
          ...PAYMENT_METHODS.map((m) => yuan(s?.paymentMethods[m].netFen ?? 0)),
        ];
      }),
    };
  },
};
