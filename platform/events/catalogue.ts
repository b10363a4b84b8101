/** Events the core publishes. Plugins add theirs in their manifest (`events`). */
import { z } from "zod";
import { defineEvent, type EventDefinition } from "./define.ts";

export const storeApproved = defineEvent(
  "store.approved",
  z.object({
    storeId: z.string().uuid(),
    name: z.string(),
    category: z.string().nullable(),
    creditCode: z.string().nullable(),
  }),
  { zh: "门店入驻审核通过", en: "A store's application was approved" },
);

export const pluginEnabled = defineEvent(
  "plugin.enabled",
  z.object({ pluginId: z.string(), version: z.string() }),
  { zh: "启用了插件", en: "A plugin was enabled for the district" },
);

export const pluginDisabled = defineEvent(
  "plugin.disabled",
  z.object({ pluginId: z.string() }),
  { zh: "停用了插件", en: "A plugin was disabled for the district" },
);

/** A sale or refund receipt as the data center stored it, for the plugins that consume sale.recorded. */
export const recordedSaleSchema = z.object({
  eventId: z.string(),
  storeId: z.string(),
  receiptId: z.string(),
  /** For a refund: the receipt it refunds (when the POS said so). */
  refundOf: z.string().nullable(),
  refund: z.boolean(),
  amountFen: z.number().int().nonnegative(),
  paymentMethod: z.string(),
  channel: z.enum(["offline", "online"]),
  /** The keyed pseudonym of the POS's member id (a plugin's cipher gives the same), never the id itself. */
  memberRef: z.string().nullable(),
  items: z.array(z.object({
    sku: z.string().optional(),
    name: z.string().optional(),
    category: z.string().optional(),
    quantity: z.number(),
    amountFen: z.number(),
  })).nullable(),
  at: z.string(),
});
export type RecordedSale = z.infer<typeof recordedSaleSchema>;

/**
 * New sales and refunds received by the data center (POST /api/v1/events, CSV import): one event per stored batch,
 * for the receipts that were new, so a resent batch publishes nothing. The event names the batch (the sender's
 * scope and the transaction that stored it) and counts what is in it; `recordedSales` (SDK) reads the receipts.
 * Carrying a reference instead of the receipts keeps ingestion fast (a batch of 1,000 receipts would otherwise
 * write some 200 KB of JSON to the outbox) and keeps member pseudonyms out of the outbox. Events written by
 * earlier versions carry the receipts themselves (`sales`); `recordedSales` reads both.
 */
export const saleRecorded = defineEvent(
  "sale.recorded",
  z.union([
    z.object({
      scopeId: z.string().uuid(),
      /** The storing transaction's id (xid8, decimal). */
      txId: z.string().regex(/^[0-9]{1,20}$/),
      /** New receipts in the batch, sales and refunds. */
      count: z.number().int().positive(),
      /** Of these: refunds, and receipts that name a member. */
      refunds: z.number().int().nonnegative(),
      withMember: z.number().int().nonnegative(),
    }),
    z.object({ sales: z.array(recordedSaleSchema).min(1) }),
  ]),
  { zh: "收到新的销售或退款小票", en: "New sale or refund receipts were received" },
);
export type SaleRecorded = z.infer<typeof saleRecorded.schema>;

export const CORE_EVENTS: EventDefinition[] = [
  storeApproved as EventDefinition,
  saleRecorded as EventDefinition,
  pluginEnabled as EventDefinition,
  pluginDisabled as EventDefinition,
];
