/** Member tags from rules over real sales (spend, visits, categories, recency), recomputed, and kept per district. */
import assert from "node:assert/strict";
import { TestClient } from "../../../tests/support/http.ts";
import { base, type MembershipTestBed, membershipTestBed } from "../test-support.ts";
import { runMembersJob } from "./test-jobs.ts";

const DAY = 86_400_000;

async function posOf(bed: MembershipTestBed): Promise<TestClient> {
  const operator = await bed.signIn("operator_admin");
  const key = await operator.post("/api/v1/api-keys", { name: "POS", permissions: ["events:write"] });
  assert.equal(key.status, 201, await key.clone().text());
  return new TestClient(bed.app.app, (await key.json()).token);
}

interface Sale {
  receiptId: string;
  memberId: string;
  amountFen: number;
  daysAgo: number;
  category?: string;
  refund?: boolean;
}

async function sell(pos: TestClient, storeId: string, sales: Sale[]): Promise<void> {
  const sent = await pos.post("/api/v1/events", {
    events: sales.map((sale) => ({
      type: "sale",
      id: `${sale.receiptId}${sale.refund ? "-refund" : ""}`,
      storeId,
      receiptId: sale.receiptId,
      amountFen: sale.amountFen,
      paymentMethod: "wechat",
      memberId: sale.memberId,
      ...(sale.refund ? { refund: true, refundOf: sale.receiptId } : {}),
      items: sale.category ? [{ category: sale.category, quantity: 1, amountFen: sale.amountFen }] : undefined,
      at: new Date(Date.now() - sale.daysAgo * DAY).toISOString(),
    })),
  });
  assert.equal(sent.status, 200, await sent.clone().text());
}

async function membersOfTag(bed: MembershipTestBed, tagId: string): Promise<string[]> {
  const rows = await bed.inDistrict((tx) =>
    tx.selectFrom("plugin_membership.member_tags").select("member_id").where("tag_id", "=", tagId).execute()
  );
  return rows.map((row) => row.member_id).sort();
}

Deno.test("tags: rules over the members' purchases tag the right members, and follow refunds", async () => {
  await using bed = await membershipTestBed();
  const store = await bed.store("home", "海底捞");
  const pos = await posOf(bed);
  const admin = await bed.signIn("operator_admin");
  const a = await bed.join("13800138000");
  const b = await bed.join("13900139000");
  const c = await bed.join("13700137000");
  await sell(pos, store, [
    { receiptId: "a-1", memberId: a.memberNo, amountFen: 18_000, daysAgo: 3, category: "餐饮" },
    { receiptId: "a-2", memberId: a.memberNo, amountFen: 12_000, daysAgo: 10, category: "服装" },
    { receiptId: "b-1", memberId: b.memberNo, amountFen: 8_000, daysAgo: 45, category: "餐饮" },
  ]);

  const rules = {
    big: { all: [{ kind: "minSpend", days: 30, amountFen: 20_000 }] },
    regular: { all: [{ kind: "minVisits", days: 30, visits: 2 }] },
    foodie: { all: [{ kind: "boughtCategory", days: 30, category: "餐饮" }] },
    lapsed: { all: [{ kind: "lastVisitNotWithin", days: 30 }] },
    recent: { all: [{ kind: "lastVisitWithin", days: 60 }, { kind: "minSpend", days: 60, amountFen: 5_000 }] },
  };
  const ids: Record<string, string> = {};
  for (const [code, rule] of Object.entries(rules)) {
    const created = await admin.post(`${base}/tags`, { code, name: code, rule });
    assert.equal(created.status, 201, await created.clone().text());
    ids[code] = (await created.json()).id;
  }
  const hand = (await (await admin.post(`${base}/tags`, { code: "friend", name: "老朋友" })).json()).id;
  await admin.post(`${base}/members/${c.id}/tags`, { tagId: hand });
  // Creating a rule tag applies it at once (a job); wait for the queue.
  await runMembersJob(bed, "members-tags", { tagId: ids.big });

  assert.deepEqual(await membersOfTag(bed, ids.big), [a.id]);
  assert.deepEqual(await membersOfTag(bed, ids.regular), [a.id]);
  assert.deepEqual(await membersOfTag(bed, ids.foodie), [a.id], "b bought food too, but 45 days ago");
  assert.deepEqual(await membersOfTag(bed, ids.lapsed), [b.id, c.id].sort());
  assert.deepEqual(await membersOfTag(bed, ids.recent), [a.id, b.id].sort());
  const listed = await (await admin.get(`${base}/tags`)).json();
  const big = listed.items.find((t: { code: string }) => t.code === "big");
  assert.deepEqual([big.members, big.rule, typeof big.computedAt], [1, rules.big, "string"]);

  // A refunds most of the big purchase: tonight's run takes the tag off; the hand-set tag is left alone.
  await sell(pos, store, [{
    receiptId: "a-1",
    memberId: a.memberNo,
    amountFen: 15_000,
    daysAgo: 1,
    refund: true,
  }]);
  await runMembersJob(bed, "members-tags");
  assert.deepEqual(await membersOfTag(bed, ids.big), []);
  assert.deepEqual(await membersOfTag(bed, ids.regular), [a.id], "a refund is no lost visit");
  assert.deepEqual(await membersOfTag(bed, hand), [c.id]);
  assert.ok(
    bed.app.plugins!.schedules().some((s) => s.job.name === "membership.members-tags" && s.cron === "0 3 * * *"),
  );

  // Changing the rule applies it again.
  const loosened = await admin.patch(`${base}/tags/${ids.big}`, {
    rule: { all: [{ kind: "minSpend", days: 30, amountFen: 10_000 }] },
  });
  assert.equal(loosened.status, 200);
  await runMembersJob(bed, "members-tags", { tagId: ids.big });
  assert.deepEqual(await membersOfTag(bed, ids.big), [a.id]);
});

Deno.test("tags: rules are checked; a rule's tag is not set by hand, nor a hand tag given a rule", async () => {
  await using bed = await membershipTestBed();
  const admin = await bed.signIn("operator_admin");
  const member = await bed.join("13800138000");
  const badRules: [unknown, string][] = [
    [{ all: [{ kind: "minSpend", days: 0, amountFen: 100 }] }, "rule.all.0.days"],
    [{ all: [{ kind: "minSpend", days: 30 }] }, "rule.all.0.amountFen"],
    [{ all: [{ kind: "bornOnMonday", days: 30 }] }, "rule.all.0.kind"],
    [{ all: [] }, "rule.all"],
    [{ any: [{ kind: "lastVisitWithin", days: 7 }] }, "rule"],
  ];
  for (const [rule, field] of badRules) {
    const res = await admin.post(`${base}/tags`, { code: "t", name: "t", rule });
    assert.equal(res.status, 422, JSON.stringify(rule));
    const fields = (await res.json()).errors.map((e: { field: string }) => e.field);
    assert.ok(fields.some((f: string) => f.startsWith(field)), `${JSON.stringify(rule)} → ${fields}`);
  }
  assert.equal(
    (await bed.inDistrict((tx) => tx.selectFrom("plugin_membership.tags").select("id").execute())).length,
    0,
  );

  const ruled = (await (await admin.post(`${base}/tags`, {
    code: "active",
    name: "活跃",
    rule: { all: [{ kind: "lastVisitWithin", days: 7 }] },
  })).json()).id;
  const byHand = await admin.post(`${base}/members/${member.id}/tags`, { tagId: ruled });
  assert.equal(byHand.status, 422);
  assert.match((await byHand.json()).errors[0].message, /set by its rule/);
  const hand = (await (await admin.post(`${base}/tags`, { code: "vip", name: "贵宾" })).json()).id;
  const taken = await admin.post(`${base}/tags`, { code: "vip", name: "又一个" });
  assert.equal(taken.status, 422);
  assert.equal((await taken.json()).errors[0].field, "code");
  const ruleForHand = await admin.patch(`${base}/tags/${hand}`, {
    rule: { all: [{ kind: "lastVisitWithin", days: 7 }] },
  });
  assert.equal(ruleForHand.status, 422);
  assert.equal((await ruleForHand.json()).errors[0].field, "rule");

  // The console's one-condition form: flat fields, amounts in yuan, errors naming the form's fields.
  const incomplete = await admin.post(`${base}/tags/single-condition`, {
    code: "big",
    name: "大客户",
    kind: "minSpend",
    days: 30,
  });
  assert.equal(incomplete.status, 422);
  assert.deepEqual((await incomplete.json()).errors.map((e: { field: string }) => e.field), ["amountYuan"]);
  const flat = await admin.post(`${base}/tags/single-condition`, {
    code: "big",
    name: "大客户",
    kind: "minSpend",
    days: 30,
    amountYuan: 99.5,
  });
  assert.equal(flat.status, 201, await flat.clone().text());
  const bigTag = (await (await admin.get(`${base}/tags`)).json()).items.find((t: { code: string }) => t.code === "big");
  assert.deepEqual(bigTag.rule, { all: [{ kind: "minSpend", days: 30, amountFen: 9950 }] });

  await admin.post(`${base}/members/${member.id}/tags`, { tagId: hand });
  const deleted = await admin.delete(`${base}/tags/${hand}`);
  assert.deepEqual(await deleted.json(), { removedFromMembers: 1 });
  const audit = await bed.inDistrict((tx) =>
    tx.selectFrom("core.audit_log").select("action").where("action", "like", "membership.tag-%").orderBy("seq")
      .execute()
  );
  assert.deepEqual(audit.map((a) => a.action), [
    "membership.tag-create",
    "membership.tag-create",
    "membership.tag-create",
    "membership.tag-delete",
  ]);

  const staff = await bed.signIn("operator_staff");
  assert.equal((await staff.get(`${base}/tags`)).status, 200);
  assert.equal((await staff.post(`${base}/tags`, { code: "x", name: "x" })).status, 403);
  await bed.app.plugins!.enable({ tenantId: bed.districts.other, pluginId: "membership", actor: "system:test" });
  const otherAdmin = await bed.signIn("operator_admin", "other");
  assert.deepEqual((await (await otherAdmin.get(`${base}/tags`)).json()).items, []);
  assert.equal((await otherAdmin.patch(`${base}/tags/${ruled}`, { name: "改" })).status, 404);
  assert.equal((await otherAdmin.delete(`${base}/tags/${ruled}`)).status, 404);
});
