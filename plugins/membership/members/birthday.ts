/**
 * Birthday care (生日关怀, Xuzhou 6.6.2 特殊日期关怀): each day, in the district's own calendar, every active member
 * whose birthday it is gets the district's birthday coupon (when it set a template) and a service notice, and the
 * event `membership.member-birthday` goes out for other areas and plugins. Members born on 29 February are greeted
 * on 28 February in other years. Each member is greeted once a year, however often the job runs.
 */
import { ProblemError } from "../../../platform/sdk.ts";
import { postToInbox } from "../campaigns/inbox.ts";
import type { MembershipCtx } from "../context.ts";
import { issueCoupon } from "../coupons/issue.ts";
import { membersSettings } from "./config.ts";
import { memberBirthday } from "./events.ts";

/** The district-local calendar day of `at`: { year, month, day, date "YYYY-MM-DD" }. */
export function localDay(at: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" })
    .formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const [year, month, day] = [part("year"), part("month"), part("day")];
  return { year, month, day, date: `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}` };
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The birth days celebrated on a calendar day: 29 February's are celebrated on the 28th in other years. */
export function birthdaysOn(day: { year: number; month: number; day: number }): { month: number; days: number[] } {
  const leapDayToo = day.month === 2 && day.day === 28 && !isLeapYear(day.year);
  return { month: day.month, days: leapDayToo ? [28, 29] : [day.day] };
}

export async function greetBirthdays(ctx: MembershipCtx, at: Date = new Date()): Promise<{ greeted: number }> {
  const settings = membersSettings.parse(ctx.config ?? {});
  const { today, members } = await ctx.withTenant(async (tx) => {
    const tenant = await tx.selectFrom("core.tenants").select("time_zone").executeTakeFirstOrThrow();
    const today = localDay(at, tenant.time_zone);
    const celebrated = birthdaysOn(today);
    const rows = await tx.selectFrom("plugin_membership.members as m").select("m.id")
      .where("m.status", "=", "active").where("m.birth_month", "=", celebrated.month)
      .where("m.birth_day", "in", celebrated.days)
      .where(({ not, exists, selectFrom }) =>
        not(exists(
          selectFrom("plugin_membership.birthday_greetings as g").select("g.member_id")
            .whereRef("g.member_id", "=", "m.id").where("g.year", "=", today.year),
        ))
      )
      .execute();
    return { today, members: rows.map((row) => row.id) };
  });
  let greeted = 0;
  // One transaction per member: one member's refused coupon must not hold back everyone else's greeting.
  for (const memberId of members) {
    const done = await ctx.withTenant(async (tx) => {
      const claimed = await tx.insertInto("plugin_membership.birthday_greetings")
        .values({ tenant_id: ctx.tenantId, member_id: memberId, year: today.year })
        .onConflict((oc) => oc.doNothing()).returning("member_id").executeTakeFirst();
      if (!claimed) return false;
      let couponId: string | null = null;
      if (settings.membersBirthdayCouponTemplateId) {
        try {
          const coupon = await issueCoupon(tx, ctx.tenantId, {
            templateId: settings.membersBirthdayCouponTemplateId,
            memberId,
            source: "birthday",
            idempotencyKey: `birthday:${today.year}`,
            actor: `plugin:${ctx.pluginId}`,
          });
          couponId = coupon.id;
          await tx.updateTable("plugin_membership.birthday_greetings").set({ coupon_id: couponId })
            .where("member_id", "=", memberId).where("year", "=", today.year).execute();
        } catch (error) {
          // A paused or used-up template is the operator's to fix; the greeting goes out without a coupon.
          if (!(error instanceof ProblemError)) throw error;
          ctx.log.warn("membership: birthday coupon not given", { memberId, reason: error.message });
        }
      }
      await postToInbox(tx, ctx.tenantId, {
        memberId,
        kind: "service",
        title: "生日快乐 · Happy birthday",
        body: couponId
          ? "商圈祝您生日快乐！生日礼券已放入您的卡包。 · Happy birthday from the district! Your birthday coupon is in your wallet."
          : "商圈祝您生日快乐！ · Happy birthday from the district!",
        idempotencyKey: `birthday:${today.year}`,
      });
      await ctx.events.publish(tx, memberBirthday, { memberId, date: today.date, couponId });
      return true;
    });
    if (done) greeted++;
  }
  return { greeted };
}
