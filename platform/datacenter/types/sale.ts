/**
 * Sales (销售) from a store's POS: one receipt, its amount in integer fen and how it was paid. A refund is the
 * same shape with `refund: true` and the (positive) amount given back; amounts are never negative.
 * `memberId` is kept only as a keyed pseudonym (member vs non-member analysis without the id itself).
 */
import { sql } from "kysely";
import { z } from "zod";
import { saleRecorded } from "../../events/catalogue.ts";
import { publishEvent } from "../../events/publish.ts";
import type { IngestEventType } from "../event-type.ts";
import { eventTime, storeId } from "../fields.ts";
import { insertNewRows } from "../insert-rows.ts";
import { rollupHourlyBuckets } from "../rollup-hourly.ts";

/** Cash and bank cards stay supported next to WeChat Pay, Alipay and digital RMB (数字人民币, ecny). */
export const PAYMENT_METHODS = ["cash", "card", "wechat", "alipay", "ecny"] as const;
export type PaymentMethod = typeof PAYMENT_METHODS[number];

/** At most 100 million yuan per receipt. */
const fen = z.int().min(0).max(10_000_000_000);

export const saleFields = z.strictObject({
  storeId,
  receiptId: z.string().min(1).max(128),
  amountFen: fen,
  paymentMethod: z.enum(PAYMENT_METHODS),
  refund: z.boolean().default(false),
  /** A refund's original receipt; loyalty points earned on it are reversed. */
  refundOf: z.string().min(1).max(128).optional(),
  /** Online (小程序, 外卖) and offline sales are the same to members and analytics, but reported apart. */
  channel: z.enum(["offline", "online"]).default("offline"),
  memberId: z.string().min(1).max(128).optional(),
  items: z.array(z.strictObject({
    sku: z.string().min(1).max(64).optional(),
    name: z.string().min(1).max(100).optional(),
    category: z.string().min(1).max(64).optional(),
    quantity: z.number().positive().max(1_000_000),
    amountFen: fen,
  })).max(500).optional(),
  at: eventTime,
});
export type SaleEvent = z.infer<typeof saleFields>;

export const saleType: IngestEventType<SaleEvent> = {
  type: "sale",
  description: { zh: "销售小票（含退款）", en: "A sale or refund receipt" },
  fields: saleFields,
  store: "required",
  insert: async (tx, ctx, events) => {
    const needsCipher = events.some((e) => e.memberId !== undefined);
    const cipher = needsCipher ? await ctx.cipher() : undefined;
    const rows = await Promise.all(events.map(async (e) => ({
      event_id: e.id,
      store_id: e.storeId,
      receipt_id: e.receiptId,
      amount_fen: e.amountFen,
      refund: e.refund,
      payment_method: e.paymentMethod,
      member_ref: e.memberId === undefined ? null : await cipher!.pseudonym(e.memberId, "member"),
      items: e.items ?? null,
      channel: e.channel,
      refund_of: e.refundOf ?? null,
      at: e.at,
    })));
    const fresh = await insertNewRows(tx, "core.sale_events", ctx, [
      { name: "store_id", type: "uuid" },
      { name: "receipt_id", type: "text" },
      { name: "amount_fen", type: "bigint" },
      { name: "refund", type: "boolean" },
      { name: "payment_method", type: "text" },
      { name: "member_ref", type: "text" },
      { name: "items", type: "jsonb" },
      { name: "channel", type: "text" },
      { name: "refund_of", type: "text" },
      { name: "at", type: "timestamptz" },
    ], rows);
    if (fresh.length > 0) {
      // One outbox row per batch, naming the batch rather than repeating it (subscribers read the receipts with
      // recordedSales); in the same transaction, so rolled-back sales are never told.
      const isNew = new Set(fresh);
      let refunds = 0;
      let withMember = 0;
      for (const row of rows) {
        if (!isNew.delete(row.event_id)) continue;
        if (row.refund) refunds++;
        if (row.member_ref !== null) withMember++;
      }
      const { rows: [{ txId }] } = await sql<{ txId: string }>`select pg_current_xact_id()::text as "txId"`.execute(tx);
      await publishEvent(
        tx,
        saleRecorded,
        { scopeId: ctx.scopeId, txId, count: fresh.length, refunds, withMember },
        ctx.actor,
      );
    }
    return fresh;
  },
  rollupHourly: (tx, tenantId, range) =>
    rollupHourlyBuckets(
      tx,
      tenantId,
      range,
      "core.sale_events",
      // Per store, and the district's totals over all stores (store '', metrics sales.district.*): the district's
      // dashboard then reads one row per hour, payment method and sale/refund instead of one per store as well.
      sql`
        select hour,
               case when grouping(r.store_id) = 1 then 'sales.district.' else 'sales.' end
                 || case when r.refund then 'refund' else 'sale' end,
               coalesce(r.store_id::text, ''),
               r.payment_method, count(*), sum(r.amount_fen)::numeric, null::numeric, null::numeric
          from r
         group by grouping sets ((hour, r.refund, r.store_id, r.payment_method), (hour, r.refund, r.payment_method))
      `,
    ),
};
