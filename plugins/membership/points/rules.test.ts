/** Earning rules as data: operators manage them over the API, and sales earn by them. */
import assert from "node:assert/strict";
import { type MembershipTestBed, membershipTestBed } from "../test-support.ts";
import { myPoints, posOf, sendSales } from "./test-helpers.ts";

const api = "/api/v1/plugins/membership/points";

async function giveLevel(bed: MembershipTestBed, memberId: string, multiplier: number): Promise<void> {
  await bed.inDistrict(async (tx) => {
    const id = crypto.randomUUID();
    await tx.insertInto("plugin_membership.levels").values({
      tenant_id: bed.districts.home,
      id,
      code: "points_test",
      name_zh: "测试等级",
      name_en: "Test level",
      rank: 19,
      earn_multiplier: multiplier,
    }).execute();
    await tx.updateTable("plugin_membership.members").set({ level_id: id }).where("id", "=", memberId).execute();
  });
}

Deno.test("points rules: base rates by scope, campaigns, levels, daily caps and excluded payment methods", async () => {
  await using bed = await membershipTestBed();
  const [storeA, storeB, storeC] = [
    await bed.store("home", "A 店"),
    await bed.store("home", "B 店"),
    await bed.store("home", "C 店"),
  ];
  const admin = await bed.signIn("operator_admin");
  const hour = 3_600_000;
  const rule = async (body: Record<string, unknown>) => {
    const res = await admin.post(`${api}/rules`, body);
    assert.equal(res.status, 201, await res.clone().text());
    return await res.json();
  };
  await rule({ name: "全商圈", kind: "base", scope: "district", pointsPerYuan: 2, excludedPaymentMethods: ["cash"] });
  await rule({ name: "B 店", kind: "base", scope: "store", storeId: storeB, pointsPerYuan: 3 });
  await rule({ name: "餐饮", kind: "base", scope: "category", category: "餐饮", pointsPerYuan: 5 });
  // The console's form sends the methods as one text field.
  const capped = await rule({
    name: "C 店限额",
    kind: "base",
    scope: "store",
    storeId: storeC,
    pointsPerYuan: 1,
    dailyCapPerMember: 200,
    excludedPaymentMethods: "ecny, card",
  });
  assert.deepEqual(capped.excludedPaymentMethods, ["ecny", "card"]);
  const now = Date.now();
  await rule({
    name: "A 店双倍",
    kind: "campaign",
    scope: "store",
    storeId: storeA,
    multiplier: 2,
    startsAt: new Date(now - hour).toISOString(),
    endsAt: new Date(now + hour).toISOString(),
  });
  await rule({
    name: "B 店已结束的活动",
    kind: "campaign",
    scope: "store",
    storeId: storeB,
    multiplier: 5,
    startsAt: new Date(now - 3 * hour).toISOString(),
    endsAt: new Date(now - 2 * hour).toISOString(),
  });

  const member = await bed.join("13800138010");
  await giveLevel(bed, member.id, 1.5);
  const pos = await posOf(bed);
  const earned = async (sale: Record<string, unknown>) => {
    const before = (await myPoints(bed, member)).balance;
    await sendSales(bed, pos, [{ memberId: member.memberNo, receiptId: crypto.randomUUID(), ...sale } as never]);
    return (await myPoints(bed, member)).balance - before;
  };
  // A: district 2/yuan × campaign 2 × gold 1.5 on 100 yuan.
  assert.equal(await earned({ storeId: storeA, amountFen: 10_000 }), 600);
  // Cash is excluded by the district rule: nothing.
  assert.equal(await earned({ storeId: storeA, amountFen: 10_000, paymentMethod: "cash" }), 0);
  // B: 90 yuan paid for 100 yuan of items (60 餐饮, 40 other): 54 × 5 × 1.5 + 36 × 3 × 1.5 = 405 + 162; the
  // ended campaign does nothing.
  assert.equal(
    await earned({
      storeId: storeB,
      amountFen: 9_000,
      items: [{ category: "餐饮", quantity: 1, amountFen: 6_000 }, { category: "服装", quantity: 1, amountFen: 4_000 }],
    }),
    567,
  );
  // C: a card payment is excluded (and uses none of the cap); then 1 × 1.5 on 100 yuan = 150, then the cap of
  // 200 a day leaves 50, then nothing.
  assert.equal(await earned({ storeId: storeC, amountFen: 10_000, paymentMethod: "card" }), 0);
  assert.equal(await earned({ storeId: storeC, amountFen: 10_000 }), 150);
  assert.equal(await earned({ storeId: storeC, amountFen: 10_000 }), 50);
  assert.equal(await earned({ storeId: storeC, amountFen: 10_000 }), 0);

  // Switching the campaign off: A earns the base rate again.
  const rules = (await (await admin.get(`${api}/rules`)).json()).items as { id: string; name: string }[];
  const campaign = rules.find((r) => r.name === "A 店双倍")!;
  const off = await admin.post(`${api}/rules/${campaign.id}/activation`, { active: false });
  assert.equal(off.status, 200);
  assert.equal(await earned({ storeId: storeA, amountFen: 10_000 }), 300);
  // Changing the district rate applies to the next sale.
  const district = rules.find((r) => r.name === "全商圈")!;
  const changed = await admin.patch(`${api}/rules/${district.id}`, { pointsPerYuan: 4 });
  assert.equal(changed.status, 200, await changed.clone().text());
  assert.equal(await earned({ storeId: storeA, amountFen: 10_000 }), 600);
  // Deleting it: the district's default of 1 per yuan.
  assert.equal((await admin.delete(`${api}/rules/${district.id}`)).status, 204);
  assert.equal(await earned({ storeId: storeA, amountFen: 10_000 }), 150);

  const audit = await bed.inDistrict((tx) =>
    tx.selectFrom("core.audit_log").select("action").where("action", "like", "membership.points-rule%").execute()
  );
  assert.deepEqual(
    audit.map((a) => a.action).sort(),
    [
      ...Array(6).fill("membership.points-rule-create"),
      "membership.points-rule-change",
      "membership.points-rule-delete",
      "membership.points-rule-off",
    ].sort(),
  );
});

Deno.test("points rules: fields that do not fit together are refused, naming the field, and nothing is saved", async () => {
  await using bed = await membershipTestBed();
  const admin = await bed.signIn("operator_admin");
  const otherStore = await bed.store("other");
  const refused = async (body: Record<string, unknown>, field: string) => {
    const res = await admin.post(`${api}/rules`, body);
    assert.equal(res.status, 422, await res.clone().text());
    const problem = await res.json();
    assert.ok(
      problem.errors.some((e: { field: string }) => e.field === field),
      `${JSON.stringify(problem.errors)} names ${field}`,
    );
  };
  await refused({ name: "x", kind: "base", scope: "district" }, "pointsPerYuan");
  await refused({ name: "x", kind: "campaign", scope: "district", multiplier: 2 }, "startsAt");
  await refused({ name: "x", kind: "base", scope: "store", pointsPerYuan: 1 }, "storeId");
  await refused({ name: "x", kind: "base", scope: "store", storeId: otherStore, pointsPerYuan: 1 }, "storeId");
  await refused({ name: "x", kind: "base", scope: "category", pointsPerYuan: 1 }, "category");
  await refused({ name: "x", kind: "base", scope: "district", pointsPerYuan: -1 }, "pointsPerYuan");
  await refused(
    { name: "x", kind: "base", scope: "district", pointsPerYuan: 1, excludedPaymentMethods: "bitcoin" },
    "excludedPaymentMethods",
  );
  await refused({
    name: "x",
    kind: "campaign",
    scope: "district",
    multiplier: 2,
    startsAt: "2026-03-02T00:00:00+08:00",
    endsAt: "2026-03-01T00:00:00+08:00",
  }, "endsAt");
  const made = await admin.post(`${api}/rules`, { name: "ok", kind: "base", scope: "district", pointsPerYuan: 1 });
  const { id } = await made.json();
  const patched = await admin.patch(`${api}/rules/${id}`, { kind: "campaign" });
  assert.equal(patched.status, 422, "a base rule turned campaign without a window and multiplier");
  const rules = (await (await admin.get(`${api}/rules`)).json()).items;
  assert.equal(rules.length, 1);
  assert.equal(rules[0].kind, "base", "the refused change left the rule as it was");
});
