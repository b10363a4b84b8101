/** Birthday care: once a year per member, on the district's calendar, with the district's birthday coupon. */
import assert from "node:assert/strict";
import { base, membershipTestBed } from "../test-support.ts";
import type { MembershipCtx } from "../context.ts";
import { birthdaysOn, greetBirthdays, localDay } from "./birthday.ts";
import { runMembersJob } from "./test-jobs.ts";

Deno.test("birthday days: 29 February is celebrated on the 28th in other years", () => {
  assert.deepEqual(birthdaysOn({ year: 2027, month: 2, day: 28 }), { month: 2, days: [28, 29] });
  assert.deepEqual(birthdaysOn({ year: 2028, month: 2, day: 28 }), { month: 2, days: [28] });
  assert.deepEqual(birthdaysOn({ year: 2028, month: 2, day: 29 }), { month: 2, days: [29] });
  assert.deepEqual(localDay(new Date("2026-03-14T16:30:00Z"), "Asia/Shanghai").date, "2026-03-15");
  assert.deepEqual(localDay(new Date("2026-03-14T16:30:00Z"), "Europe/London").date, "2026-03-14");
});

Deno.test("birthday care: today's members get the coupon, a notice and the event, once however often it runs", async () => {
  await using bed = await membershipTestBed();
  const admin = await bed.signIn("operator_admin");
  const template = await admin.post(`${base}/coupons/templates`, {
    title: "生日礼券",
    kind: "gift",
    giftDescription: "生日蛋糕一份",
    validDays: 30,
    perMemberLimit: 1,
  });
  assert.equal(template.status, 201, await template.clone().text());
  const templateId = (await template.json()).id;
  const configured = await admin.post("/api/v1/district/plugins/membership/enable", {
    config: { membersBirthdayCouponTemplateId: templateId },
  });
  assert.equal(configured.status, 200, await configured.clone().text());

  const today = localDay(new Date(), "Asia/Shanghai");
  const birthdayToday = await bed.join("13800138000");
  const otherDay = await bed.join("13900139000");
  const noBirthday = await bed.join("13700137000");
  await birthdayToday.client.patch(`${base}/public/home/me`, { birthday: `1990-${today.date.slice(5)}` });
  const shifted = today.month === 1 ? 2 : 1;
  await otherDay.client.patch(`${base}/public/home/me`, { birthday: `1991-${String(shifted).padStart(2, "0")}-10` });

  await runMembersJob(bed, "members-birthdays");
  await runMembersJob(bed, "members-birthdays");
  const greetings = await bed.inDistrict((tx) =>
    tx.selectFrom("plugin_membership.birthday_greetings").select(["member_id", "year", "coupon_id"]).execute()
  );
  assert.equal(greetings.length, 1);
  assert.deepEqual([greetings[0].member_id, greetings[0].year], [birthdayToday.id, today.year]);
  const coupons = await bed.inDistrict((tx) =>
    tx.selectFrom("plugin_membership.coupons").select(["id", "member_id", "source", "template_id"]).execute()
  );
  assert.deepEqual(coupons, [{
    id: greetings[0].coupon_id,
    member_id: birthdayToday.id,
    source: "birthday",
    template_id: templateId,
  }]);
  const inbox = await bed.inDistrict((tx) =>
    tx.selectFrom("plugin_membership.inbox_messages").select(["member_id", "kind"]).execute()
  );
  assert.deepEqual(inbox, [{ member_id: birthdayToday.id, kind: "service" }], "a service notice: no consent needed");
  const events = await bed.inDistrict((tx) =>
    tx.selectFrom("core.event_outbox").select("payload").where("type", "=", "membership.member-birthday").execute()
  );
  assert.deepEqual(events.map((e) => e.payload), [{
    memberId: birthdayToday.id,
    date: today.date,
    couponId: greetings[0].coupon_id,
  }]);
  assert.equal(noBirthday.id.length, 36);
  assert.ok(
    bed.app.plugins!.schedules().some((s) => s.job.name === "membership.members-birthdays" && s.cron === "0 9 * * *"),
  );

  // Next year the template's one-per-member limit refuses a second coupon: the greeting goes out without one.
  const ctx = await bed.app.plugins!.contextFor("membership", bed.districts.home, "plugin:membership");
  const nextYear = new Date(Date.UTC(today.year + 1, today.month - 1, today.day, 4));
  const result = await greetBirthdays(ctx as unknown as MembershipCtx, nextYear);
  assert.deepEqual(result, { greeted: 1 });
  const later = await bed.inDistrict((tx) =>
    tx.selectFrom("plugin_membership.birthday_greetings").select(["year", "coupon_id"]).where(
      "year",
      "=",
      today.year + 1,
    )
      .execute()
  );
  assert.deepEqual(later, [{ year: today.year + 1, coupon_id: null }]);
});

Deno.test("birthday care: a 29 February birthday on 28 February of a common year; districts apart", async () => {
  await using bed = await membershipTestBed();
  const leapling = await bed.join("13800138000");
  const march = await bed.join("13900139000");
  await leapling.client.patch(`${base}/public/home/me`, { birthday: "2000-02-29" });
  await march.client.patch(`${base}/public/home/me`, { birthday: "2000-03-01" });
  await bed.app.plugins!.enable({ tenantId: bed.districts.other, pluginId: "membership", actor: "system:test" });
  const elsewhere = await bed.join("13700137000", { district: "other" });
  await elsewhere.client.patch(`${base}/public/other/me`, { birthday: "1999-02-28" });

  const ctx = await bed.app.plugins!.contextFor("membership", bed.districts.home, "plugin:membership");
  const greeted = await greetBirthdays(ctx as unknown as MembershipCtx, new Date("2027-02-28T02:00:00Z"));
  assert.deepEqual(greeted, { greeted: 1 });
  const rows = await bed.inDistrict((tx) =>
    tx.selectFrom("plugin_membership.birthday_greetings").select("member_id").execute()
  );
  assert.deepEqual(rows, [{ member_id: leapling.id }]);
  const other = await bed.inDistrict(
    (tx) => tx.selectFrom("plugin_membership.birthday_greetings").select("member_id").execute(),
    "other",
  );
  assert.deepEqual(other, [], "home's run greets nobody of the other district");
});
