/** Events of the coupons area, published in the redeeming transaction (delivered after it commits). */
import { z } from "zod";
import { defineEvent } from "../../../platform/sdk.ts";

/**
 * A parking coupon was used at a car park: a parking plugin applies `freeMinutes` to the car's stay. The car park
 * calls `POST /coupons/parking-redemptions` itself, so this event is for the plugins that keep the stay and the fee.
 */
export const parkingCouponRedeemed = defineEvent(
  "membership.parking-coupon-redeemed",
  z.object({
    couponId: z.string().uuid(),
    memberId: z.string().uuid().nullable(),
    freeMinutes: z.number().int().positive(),
    /** The parking session the car park named, if any. */
    reference: z.string().nullable(),
    at: z.string(),
  }),
  { zh: "停车券已核销", en: "A parking coupon was redeemed" },
);

/** A coupon was used at a store's till: what it took off the sale, for the store's and the district's accounts. */
export const couponRedeemed = defineEvent(
  "membership.coupon-redeemed",
  z.object({
    couponId: z.string().uuid(),
    templateId: z.string().uuid(),
    storeId: z.string().uuid(),
    receiptId: z.string().nullable(),
    discountFen: z.number().int().nonnegative(),
    at: z.string(),
  }),
  { zh: "优惠券已在门店核销", en: "A coupon was redeemed at a store" },
);
