/** The handler of sale.recorded: each new sale or refund of a member, in its own short transaction. */
import { onEvent, recordedSales, saleRecorded } from "../../../platform/sdk.ts";
import type { MembershipCtx } from "../context.ts";
import { districtPoints } from "./district.ts";
import { processSale } from "./earning.ts";
import { activeRules } from "./rules.ts";

export const earnFromSales = onEvent(saleRecorded, "points-from-sales", async (ctx: MembershipCtx, event) => {
  // Refunds are looked at even without a member: a POS may leave the member off a refund.
  const found = await ctx.withTenant(async (tx) => {
    const sales = await recordedSales(tx, event.payload, "with-member-or-refund");
    if (!sales.length) return undefined;
    return { sales, rules: await activeRules(tx), timeZone: (await districtPoints(tx)).timeZone };
  });
  if (!found) return;
  const { sales, rules, timeZone } = found;
  const earning = { tenantId: ctx.tenantId, settings: ctx.config, timeZone, rules, actor: ctx.actor };
  // One transaction per sale keeps each member's lock short; every step is idempotent, so a redelivery after a
  // failure part-way through finishes the rest without repeating the first.
  for (const sale of sales) await ctx.withTenant((tx) => processSale(tx, earning, sale));
});
