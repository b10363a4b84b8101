/** The district's settings of the coupons area, merged into the plugin's flat settings (config.ts). */
import { z } from "zod";

export const couponsConfigShape = {
  /**
   * How long after a redemption the store may undo it (a mistaken scan, a sale cancelled at the till); 0: never.
   * Short, because an undone coupon can be used again and the store's accounts must settle.
   */
  couponsUndoMinutes: z.int().min(0).max(1440).default(15)
    .meta({
      label: { zh: "核销后可撤销的时间（分钟，0 为不可撤销）", en: "Minutes a redemption can be undone (0: never)" },
    }),
} satisfies z.ZodRawShape;
