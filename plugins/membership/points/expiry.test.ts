/** Expiry: when lots lapse under each policy, the daily write-off, and the notice before it. */
import assert from "node:assert/strict";
import { type MembershipTestBed, membershipTestBed } from "../test-support.ts";
import { lotExpiry } from "./expiry-policy.ts";
import { awardPoints, spendPoints } from "./ledger.ts";
import { assertBalance } from "./test-helpers.ts";

const zone = "Asia/Shanghai";
const policy = { pointsExpiryPolicy: "year-end", pointsExpiryDays: 365, pointsExpiryYears: 1 } as const;

Deno.test("points expiry: never, N days after, or the end of the Nth 31 December (district time)", () => {
  const march = new Date("2026-03-01T10:00:00+08:00");
  assert.equal(lotExpiry({ ...policy, pointsExpiryPolicy: "never" }, march, zone), null);
  assert.equal(
    lotExpiry({ ...policy, pointsExpiryPolicy: "days", pointsExpiryDays: 30 }, march, zone)?.toISOString(),
    "2026-03-31T02:00:00.000Z",
  );
  assert.equal(lotExpiry(policy, march, zone)?.toISOString(), "2026-12-31T16:00:00.000Z");
  assert.equal(lotExpiry({ ...policy, pointsExpiryYears: 2 }, march, zone)?.toISOString(), "2027-12-31T16:00:00.000Z");
  // 31 December 23:30 in Xuzhou is still that year there (15:30 UTC): its points last until midnight.
  const lastEvening = new Date("2026-12-31T23:30:00+08:00");
  assert.equal(lotExpiry(policy, lastEvening, zone)?.toISOString(), "2026-12-31T16:00:00.000Z");
  // 1 January 00:30 in Xuzhou is 31 December UTC, but the district's new year: a whole year more.
  const newYear = new Date("2027-01-01T00:30:00+08:00");
  assert.equal(lotExpiry(policy, newYear, zone)?.toISOString(), "2027-12-31T16:00:00.000Z");
});

async function credit(bed: MembershipTestBed, memberId: string, points: number, expiresAt: Date | null, key: string) {
  await bed.inDistrict((tx) =>
    awardPoints(tx, bed.districts.home, {
      memberId,
      points,
      storeId: null,
      kind: "adjust",
      reason: "test",
      idempotencyKey: key,
      actor: "system:test",
      expiresAt,
    })
  );
}

async function runDaily(bed: MembershipTestBed): Promise<void> {
  const job = bed.app.plugins!.jobDefinitions().find((j) => j.name === "membership.points-daily")!;
  await bed.app.jobs.enqueue(job, {}, { tenantId: bed.districts.home });
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const health = await bed.app.jobs.health();
    if (health.waiting + health.active + health.delayed === 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("the daily points job did not finish within 10 s");
}

Deno.test("points expiry: the daily job writes off lapsed lots once and tells members once before", async () => {
  await using bed = await membershipTestBed({ config: { pointsExpiryNoticeDays: 15 } });
  assert.ok(
    bed.app.plugins!.schedules().some((s) => s.job.name === "membership.points-daily" && s.cron === "20 0 * * *"),
  );
  const day = 86_400_000;
  const a = await bed.join("13800138050");
  const b = await bed.join("13800138051");
  const c = await bed.join("13800138052");
  await credit(bed, a.id, 80, new Date(Date.now() + 2_000), "a-old");
  await credit(bed, a.id, 20, new Date(Date.now() + 10 * day), "a-soon");
  await credit(bed, b.id, 30, new Date(Date.now() + 5 * day), "b-soon");
  await credit(bed, c.id, 40, new Date(Date.now() + 40 * day), "c-later");
  // A spent 50 of the old lot before it lapsed: only the 30 left of it expire.
  await bed.inDistrict((tx) =>
    spendPoints(tx, bed.districts.home, {
      memberId: a.id,
      points: 50,
      storeId: null,
      reason: "兑换",
      idempotencyKey: "a-spend",
      actor: "system:test",
    })
  );
  await new Promise((r) => setTimeout(r, 2_100));

  await runDaily(bed);
  await runDaily(bed);
  const entries = await bed.inDistrict((tx) =>
    tx.selectFrom("plugin_membership.points_ledger").select(["member_id", "points"]).where("kind", "=", "expire")
      .execute()
  );
  assert.deepEqual(entries, [{ member_id: a.id, points: -30 }], "once, for what was left of the lapsed lot");
  await assertBalance(bed, a.id, 20);
  await assertBalance(bed, b.id, 30);

  const inbox = await bed.inDistrict((tx) =>
    tx.selectFrom("plugin_membership.inbox_messages").select(["member_id", "kind", "body"]).orderBy("member_id")
      .execute()
  );
  assert.deepEqual(inbox.map((m) => [m.member_id, m.kind]).sort(), [[a.id, "service"], [b.id, "service"]].sort());
  assert.match(inbox.find((m) => m.member_id === b.id)!.body, /30 积分/);
  const events = await bed.inDistrict((tx) =>
    tx.selectFrom("core.event_outbox").select("payload").where("type", "=", "membership.points-expiring").execute()
  );
  assert.deepEqual(
    events.map((e) => [(e.payload as { memberId: string }).memberId, (e.payload as { points: number }).points]).sort(),
    [[a.id, 20], [b.id, 30]].sort(),
    "C's points expire after the notice window; nobody is told twice",
  );
});
