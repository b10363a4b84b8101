/**
 * Reads the receipts a sale.recorded event refers to, in the consumer's own district transaction (row-level
 * security holds: a district reads only its own sales). `only` narrows to what the consumer needs and answers
 * without a query when the event's counts say nothing matches.
 */
import { sql, type Transaction } from "kysely";
import type { RecordedSale, SaleRecorded } from "../events/catalogue.ts";

export type RecordedSalesFilter = "all" | "with-member" | "with-member-or-refund";

// deno-lint-ignore no-explicit-any
export async function recordedSales(tx: Transaction<any>, payload: SaleRecorded, only: RecordedSalesFilter = "all") {
  if ("sales" in payload) return payload.sales.filter((sale) => matches(sale, only));
  if (only === "with-member" && payload.withMember === 0) return [];
  if (only === "with-member-or-refund" && payload.withMember === 0 && payload.refunds === 0) return [];
  const filter = only === "with-member"
    ? sql`and member_ref is not null`
    : only === "with-member-or-refund"
    ? sql`and (member_ref is not null or refund)`
    : sql``;
  const { rows } = await sql<RecordedSale>`
    select event_id as "eventId", store_id::text as "storeId", receipt_id as "receiptId", refund_of as "refundOf",
           refund, amount_fen::float8 as "amountFen", payment_method as "paymentMethod", channel,
           member_ref as "memberRef", items, at
      from core.sale_events
     where tenant_id = core.current_tenant_id() and tx_id = ${payload.txId}::xid8 and scope_id = ${payload.scopeId}::uuid
       ${filter}
     order by at, event_id
  `.execute(tx);
  return rows.map((row) => ({ ...row, at: new Date(row.at).toISOString() }));
}

function matches(sale: RecordedSale, only: RecordedSalesFilter): boolean {
  if (only === "with-member") return sale.memberRef !== null;
  if (only === "with-member-or-refund") return sale.memberRef !== null || sale.refund;
  return true;
}
