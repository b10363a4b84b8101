/**
 * What a store sends to apply. The credit code (GB 32100, checksum included), the contact's name and mobile are
 * checked by the shared personal-information validators, so the messages are the same everywhere, and come out
 * normalised (the form that is encrypted, indexed and compared).
 */
import { z } from "zod";
import { piiSchema } from "../../privacy/pii.ts";
import { STORE_CATEGORY_IDS } from "../store-categories.ts";

const LOGIN = /^[a-z0-9][a-z0-9._@-]{2,63}$/;

function shortText(what: string, max: number) {
  return z.string({ error: `enter the ${what}` }).trim().min(1, `enter the ${what}`).max(
    max,
    `the ${what} is at most ${max} characters`,
  );
}

export const ApplicationInput = z.object({
  storeName: shortText("store name", 100).describe("门店名称 / store name"),
  creditCode: piiSchema("creditCode"),
  category: z.enum(STORE_CATEGORY_IDS, { error: `choose one of ${STORE_CATEGORY_IDS.join(", ")}` })
    .describe("业态 / business category"),
  floor: shortText("floor", 20).describe("楼层 / floor, e.g. 1F, B1"),
  unit: shortText("unit", 20).describe("铺位号 / unit, e.g. A-101"),
  areaM2: z.number({ error: "enter the area in square metres" })
    .positive("the area must be more than 0 m²")
    .max(1_000_000, "the area is at most 1,000,000 m²")
    .overwrite((value) => Math.round(value * 100) / 100)
    .describe("面积 / area in m²"),
  staffCount: z.number({ error: "enter the number of staff" })
    .int("the number of staff is a whole number")
    .min(0, "the number of staff cannot be negative")
    .max(100_000, "the number of staff is at most 100,000")
    .describe("员工人数 / staff"),
  contactName: piiSchema("name"),
  contactMobile: piiSchema("phone"),
  ownerLogin: z.string({ error: "choose a login for the store owner" }).trim().toLowerCase()
    .regex(LOGIN, "must be 3–64 letters, digits or . _ - @, starting with a letter or digit")
    .describe("店主登录名 / the owner's login, chosen now, password set on approval"),
});

export type ApplicationInput = z.infer<typeof ApplicationInput>;
