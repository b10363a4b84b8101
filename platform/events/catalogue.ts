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

/**
 * New sales and refunds received by the data center (POST /api/v1/events, CSV import): one event per stored batch,
 * listing only the receipts that were new, so a resent batch publishes nothing. Loyalty, credit and analytics
 * plugins consume it; `memberRef` is the keyed pseudonym of the POS's member id (the same a plugin gets from its
 * cipher's `pseudonym(memberId, "member")`), never the id itself.
 */
export const saleRecorded = defineEvent(
  "sale.recorded",
  z.object({
    sales: z.array(z.object({
      eventId: z.string(),
      storeId: z.string(),
      receiptId: z.string(),
      /** For a refund: the receipt it refunds (when the POS said so). */
      refundOf: z.string().nullable(),
      refund: z.boolean(),
      amountFen: z.number().int().nonnegative(),
      paymentMethod: z.string(),
      channel: z.enum(["offline", "online"]),
      memberRef: z.string().nullable(),
      items: z.array(z.object({
        sku: z.string().optional(),
        name: z.string().optional(),
        category: z.string().optional(),
        quantity: z.number(),
        amountFen: z.number(),
      })).nullable(),
      at: z.string(),
    })).min(1),
  }),
  { zh: "收到新的销售或退款小票", en: "New sale or refund receipts were received" },
);
export type SaleRecorded = z.infer<typeof saleRecorded.schema>;

export const CORE_EVENTS: EventDefinition[] = [
  storeApproved as EventDefinition,
  saleRecorded as EventDefinition,
  pluginEnabled as EventDefinition,
  pluginDisabled as EventDefinition,
];
