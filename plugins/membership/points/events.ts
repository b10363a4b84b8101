/** Events of the points area. */
import { z } from "zod";
import { defineEvent } from "../../../platform/sdk.ts";

/** Published once per member and expiry time, the notice period before points lapse (a service notice). */
export const pointsExpiring = defineEvent(
  "membership.points-expiring",
  z.object({
    memberId: z.string().uuid(),
    points: z.number().int().positive(),
    expiresAt: z.string(),
  }),
  { zh: "会员积分即将过期", en: "A member's points are about to expire" },
);
