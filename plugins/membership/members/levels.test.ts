/** Member levels: a ladder the operator keeps, and the nightly move to the level a year's earning deserves. */
import assert from "node:assert/strict";
import { base, membershipTestBed } from "../test-support.ts";
import { awardPoints } from "../points/ledger.ts";
import { runMembersJob } from "./test-jobs.ts";

const level = (code: string, rank: number, thresholdPoints: number, extra: Record<string, unknown> = {}) => ({
  code,
  nameZh: `${code}卡`,
  nameEn: code,
  rank,
  thresholdPoints,
  ...extra,
});

Deno.test("levels: the operator keeps a ladder; bad rungs are refused naming the field", async () => {
  await using bed = await membershipTestBed();
  const admin = await bed.signIn("operator_admin");
  const early = await bed.join("13800138000");
  const base0 = await admin.post(`${base}/levels`, level("basic", 0, 0, { benefits: ["生日礼券"] }));
  assert.equal(base0.status, 201, await base0.clone().text());
  const basic = (await base0.json()).id;
  const joinedBefore = await bed.inDistrict((tx) =>
    tx.selectFrom("plugin_membership.members").select("level_id").where("id", "=", early.id).executeTakeFirstOrThrow()
  );
  assert.equal(joinedBefore.level_id, basic, "members who joined before levels existed start at the entry level");
  assert.equal((await bed.join("13900139000")).id.length, 36);

  const gold = (await (await admin.post(`${base}/levels`, level("gold", 2, 5000, { earnMultiplier: 1.5 }))).json()).id;
  const refusals: [Record<string, unknown>, string][] = [
    [level("basic", 1, 100), "code"],
    [level("silver", 2, 1000), "rank"],
    [level("silver", 1, 6000), "thresholdPoints"],
    [level("silver", 3, 4000), "thresholdPoints"],
    [level("Silver!", 1, 1000), "code"],
    [level("silver", 1, 1000, { earnMultiplier: 1.234 }), "earnMultiplier"],
    [level("silver", 1, 1000, { benefits: Array(11).fill("x") }), "benefits"],
  ];
  for (const [body, field] of refusals) {
    const res = await admin.post(`${base}/levels`, body);
    assert.equal(res.status, 422, JSON.stringify(body));
    assert.equal((await res.json()).errors[0].field, field, JSON.stringify(body));
  }
  const silver = (await (await admin.post(`${base}/levels`, level("silver", 1, 1000))).json()).id;
  const listed = await (await admin.get(`${base}/levels`)).json();
  assert.equal(listed.qualifyingDays, 365);
  assert.deepEqual(
    listed.items.map((l: { code: string; thresholdPoints: number; earnMultiplier: number; members: number }) => [
      l.code,
      l.thresholdPoints,
      l.earnMultiplier,
      l.members,
    ]),
    [["basic", 0, 1, 2], ["silver", 1000, 1, 0], ["gold", 5000, 1.5, 0]],
  );

  const renamed = await admin.patch(`${base}/levels/${silver}`, { nameZh: "银卡会员", benefits: ["免费停车 2 小时"] });
  assert.equal(renamed.status, 200);
  const after = await renamed.json();
  assert.deepEqual([after.nameZh, after.thresholdPoints, after.benefits], ["银卡会员", 1000, ["免费停车 2 小时"]]);
  const entryWithPoints = await admin.patch(`${base}/levels/${basic}`, { thresholdPoints: 10 });
  assert.equal(entryWithPoints.status, 422);
  assert.match((await entryWithPoints.json()).errors[0].message, /entry level \(rank 0\) needs 0 points/);
  const tooHigh = await admin.patch(`${base}/levels/${silver}`, { thresholdPoints: 5000 });
  assert.equal(tooHigh.status, 422);
  assert.equal((await tooHigh.json()).errors[0].field, "thresholdPoints");
  assert.equal((await admin.patch(`${base}/levels/${silver}`, { code: "x" })).status, 422, "the code stays");
  assert.equal((await admin.delete(`${base}/levels/${basic}`)).status, 409, "members hold it");
  assert.equal((await admin.delete(`${base}/levels/${gold}`)).status, 200);
  assert.equal((await admin.delete(`${base}/levels/${gold}`)).status, 404);

  const audit = await bed.inDistrict((tx) =>
    tx.selectFrom("core.audit_log").select("action").where("action", "like", "membership.level-%").orderBy("seq")
      .execute()
  );
  assert.deepEqual(audit.map((a) => a.action), [
    "membership.level-create",
    "membership.level-create",
    "membership.level-create",
    "membership.level-update",
    "membership.level-delete",
  ]);

  const staff = await bed.signIn("operator_staff");
  assert.equal((await staff.get(`${base}/levels`)).status, 200);
  assert.equal((await staff.post(`${base}/levels`, level("vip", 5, 90000))).status, 403);
  const owner = await bed.signIn("store_owner", "home", await bed.store());
  assert.equal((await owner.get(`${base}/levels`)).status, 403);
  await bed.app.plugins!.enable({ tenantId: bed.districts.other, pluginId: "membership", actor: "system:test" });
  const otherAdmin = await bed.signIn("operator_admin", "other");
  assert.deepEqual((await (await otherAdmin.get(`${base}/levels`)).json()).items, []);
  assert.equal((await otherAdmin.patch(`${base}/levels/${silver}`, { nameZh: "偷改" })).status, 404);
  assert.equal((await otherAdmin.delete(`${base}/levels/${silver}`)).status, 404);
});

Deno.test("levels: the nightly recompute moves members by a year's earning, up and down, once", async () => {
  await using bed = await membershipTestBed();
  const admin = await bed.signIn("operator_admin");
  const basic = (await (await admin.post(`${base}/levels`, level("basic", 0, 0))).json()).id;
  const silver = (await (await admin.post(`${base}/levels`, level("silver", 1, 1000))).json()).id;
  const gold = (await (await admin.post(`${base}/levels`, level("gold", 2, 5000))).json()).id;
  const earner = await bed.join("13800138000");
  const bigEarner = await bed.join("13900139000");
  const lapsed = await bed.join("13700137000");
  const idle = await bed.join("13600136000");
  await bed.inDistrict(async (tx) => {
    const award = (memberId: string, points: number, key: string) =>
      awardPoints(tx, bed.districts.home, {
        memberId,
        points,
        storeId: null,
        kind: "earn",
        reason: "test purchase",
        idempotencyKey: key,
        actor: "system:test",
      });
    await award(earner.id, 1200, "e1");
    await award(bigEarner.id, 4000, "b1");
    await award(bigEarner.id, 1500, "b2");
    // Hand-given points are not earnings: they do not count towards a level.
    await awardPoints(tx, bed.districts.home, {
      memberId: idle.id,
      points: 9000,
      storeId: null,
      kind: "adjust",
      reason: "complaint goodwill",
      idempotencyKey: "i1",
      actor: "system:test",
    });
    // The lapsed member was gold last year; their earning is older than 365 days.
    await tx.updateTable("plugin_membership.members").set({ level_id: gold }).where("id", "=", lapsed.id).execute();
    await tx.insertInto("plugin_membership.points_ledger").values({
      tenant_id: bed.districts.home,
      id: crypto.randomUUID(),
      member_id: lapsed.id,
      kind: "earn",
      points: 8000,
      reason: "last year's purchases",
      idempotency_key: "l1",
      actor: "system:test",
      balance_after: 8000,
      created_at: new Date(Date.now() - 400 * 86_400_000),
    }).execute();
  });

  await runMembersJob(bed, "members-levels");
  const levels = await bed.inDistrict((tx) =>
    tx.selectFrom("plugin_membership.members").select(["id", "level_id"]).execute()
  );
  const levelOf = new Map(levels.map((m) => [m.id, m.level_id]));
  assert.deepEqual(
    [earner.id, bigEarner.id, lapsed.id, idle.id].map((id) => levelOf.get(id)),
    [silver, gold, basic, basic],
  );
  const changed = await bed.inDistrict((tx) =>
    tx.selectFrom("core.event_outbox").select("payload").where("type", "=", "membership.member-level-changed")
      .execute()
  );
  const payloads = changed.map((e) =>
    e.payload as { memberId: string; fromLevelId: string; toLevelId: string; qualifyingPoints: number }
  );
  assert.deepEqual(
    payloads.map((p) => [p.memberId, p.fromLevelId, p.toLevelId, p.qualifyingPoints]).sort(),
    [
      [earner.id, basic, silver, 1200],
      [bigEarner.id, basic, gold, 5500],
      [lapsed.id, gold, basic, 0],
    ].sort(),
  );

  await runMembersJob(bed, "members-levels");
  const again = await bed.inDistrict((tx) =>
    tx.selectFrom("core.event_outbox").select("id").where("type", "=", "membership.member-level-changed").execute()
  );
  assert.equal(again.length, 3, "a second run moves nobody");
  assert.ok(
    bed.app.plugins!.schedules().some((s) => s.job.name === "membership.members-levels" && s.cron === "30 2 * * *"),
  );

  // The other district's run touches only its own members.
  await bed.app.plugins!.enable({ tenantId: bed.districts.other, pluginId: "membership", actor: "system:test" });
  await runMembersJob(bed, "members-levels", {}, "other");
  const stillHome = await bed.inDistrict((tx) =>
    tx.selectFrom("plugin_membership.members").select("level_id").where("id", "=", bigEarner.id)
      .executeTakeFirstOrThrow()
  );
  assert.equal(stillHome.level_id, gold);
});
