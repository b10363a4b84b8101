/**
 * sales.csv: one line per receipt (sale or refund) in time order. Members appear only as "member or not": neither
 * the member id (never stored) nor its pseudonym leaves the platform in a file.
 */
import { withTenant } from "../../db/tenant.ts";
import { CHANNEL_NAMES, PAYMENT_NAMES } from "../csv/cells.ts";
import { localTimeText } from "../csv/local-time.ts";
import { yuan } from "../csv/write.ts";
import type { PaymentMethod } from "../types/sale.ts";
import { type CsvExport, EXPORT_PAGE_ROWS, type ExportRequest } from "./export-kind.ts";
import { afterCursor, atText, nextCursor, type RawCursor } from "./keyset.ts";

export function yesNoText(value: boolean, lang: ExportRequest["lang"]): string {
  return lang === "zh-CN" ? (value ? "是" : "否") : (value ? "true" : "false");
}

export const salesExport: CsvExport = {
  name: "sales",
  summary: "Sales and refunds as CSV, one line per receipt",
  description: "Amounts in yuan with two decimals; times in the district's time zone; members only as yes/no.",
  headings: {
    "zh-CN": ["时间", "门店", "门店名称", "小票号", "金额(元)", "支付方式", "退款", "原小票号", "渠道", "会员"],
    "en-US": [
      "at",
      "storeId",
      "storeName",
      "receiptId",
      "amount",
      "paymentMethod",
      "refund",
      "refundOf",
      "channel",
      "member",
    ],
  },
  scope: "store",
  maxDays: 366,
  async page(request: ExportRequest, cursor: RawCursor | undefined) {
    const rows = await withTenant(request.db, request.tenantId, (tx) =>
      tx.selectFrom("core.sale_events")
        .select([
          atText,
          "at",
          "scope_id",
          "event_id",
          "store_id",
          "receipt_id",
          "amount_fen",
          "payment_method",
          "refund",
          "refund_of",
          "channel",
          "member_ref",
        ])
        .where("at", ">=", request.from).where("at", "<", request.to)
        .$if(request.storeId !== undefined, (q) => q.where("store_id", "=", request.storeId!))
        .where(afterCursor(cursor))
        .orderBy("at").orderBy("scope_id").orderBy("event_id")
        .limit(EXPORT_PAGE_ROWS)
        .execute());
    const zh = request.lang === "zh-CN";
    return {
      rows: rows.map((r) => [
        localTimeText(new Date(r.at), request.timeZone),
        r.store_id,
        request.storeNames.get(r.store_id) ?? "",
        r.receipt_id,
        yuan(Number(r.amount_fen)),
        zh ? PAYMENT_NAMES[r.payment_method as PaymentMethod]?.zh ?? r.payment_method : r.payment_method,
        yesNoText(r.refund, request.lang),
        r.refund_of ?? "",
        zh ? CHANNEL_NAMES[r.channel] : r.channel,
        yesNoText(r.member_ref !== null, request.lang),
      ]),
      next: nextCursor(rows, EXPORT_PAGE_ROWS),
    };
  },
};
