/** Events the members area publishes; the coupons and campaigns areas (and other plugins) act on them. */
import { z } from "zod";
import { defineEvent } from "../../../platform/sdk.ts";

export const memberJoined = defineEvent(
  "membership.member-joined",
  z.object({
    memberId: z.string().uuid(),
    /** The store the member joined at (双会员), or null for the district's own page. */
    storeId: z.string().uuid().nullable(),
    channel: z.string(),
  }),
  { zh: "新会员入会", en: "A person joined the district's membership" },
);

export const memberBirthday = defineEvent(
  "membership.member-birthday",
  z.object({
    memberId: z.string().uuid(),
    /** The district-local day of the care, YYYY-MM-DD. */
    date: z.string(),
    /** The birthday coupon given, when the district set a template. */
    couponId: z.string().uuid().nullable(),
  }),
  { zh: "会员生日", en: "It is a member's birthday" },
);

export const memberLevelChanged = defineEvent(
  "membership.member-level-changed",
  z.object({
    memberId: z.string().uuid(),
    fromLevelId: z.string().uuid().nullable(),
    toLevelId: z.string().uuid(),
    /** Points earned in the qualifying window that decided it. */
    qualifyingPoints: z.number().int(),
  }),
  { zh: "会员等级变更", en: "A member moved to another level" },
);

export const membersEvents = [memberJoined, memberBirthday, memberLevelChanged];
