/**
 * The weekly push report (store indicator 7): campaigns and members reached per ISO week in the district's time zone,
 * with empty weeks shown so a gap is visible.
 */
import assert from "node:assert/strict";
import { base, membershipTestBed } from "../test-support.ts";
import { createCampaign, createSegment, decide, sendAndWait } from "./test-helpers.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Asia/Shanghai has no daylight saving: local = UTC + 8 h. */
const SHANGHAI = 8 * HOUR;

function localDate(instant: number): string {
  return new Date(instant + SHANGHAI).toISOString().slice(0, 10);
}

/** This week's Monday 00:00 in Shanghai, as an instant. */
function thisMonday(): number {
  const local = new Date(Date.now() + SHANGHAI);
  const back = (local.getUTCDay() + 6) % 7;
  return Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - back) - SHANGHAI;
}

Deno.test("weekly report: weeks are the district's ISO weeks; a Sunday 23:30 push belongs to its own week", async () => {
  await using bed = await membershipTestBed();
  const a = await bed.join("13400000001");
  const b = await bed.join("13400000002");
  const c = await bed.join("13400000003");
  for (const m of [a, b, c]) await decide(m, true);
  const operator = await bed.signIn("operator_admin");
  const everyone = await createSegment(operator);
  const ids: string[] = [];
  for (const title of ["两周前的周日", "上周一凌晨", "本周"]) {
    const { id } = await createCampaign(operator, { title, channels: "inbox", segmentId: everyone.id });
    await sendAndWait(bed, operator, id);
    ids.push(id);
  }
  const lastMonday = thisMonday() - 7 * DAY;
  // 23:30 on the Sunday before last week (15:30 UTC) and 00:30 on last week's Monday (16:30 UTC, still Sunday in
  // UTC): a report by UTC weeks would put both in the same week.
  const sundayLate = new Date(lastMonday - 30 * 60_000);
  const mondayEarly = new Date(lastMonday + 30 * 60_000);
  await bed.inDistrict(async (tx) => {
    await tx.updateTable("plugin_membership.campaign_deliveries").set({ decided_at: sundayLate })
      .where("campaign_id", "=", ids[0]).execute();
    await tx.updateTable("plugin_membership.campaign_deliveries").set({ decided_at: mondayEarly })
      .where("campaign_id", "=", ids[1]).where("member_id", "in", [a.id, b.id]).execute();
  });
  // One member of the second campaign was reached later, this week; the current week counts that campaign too.
  const report = await (await operator.get(`${base}/campaigns/weekly-report?weeks=4`)).json();
  assert.deepEqual(
    report.items.map((w: { weekStart: string; campaigns: number; membersReached: number }) => [
      w.weekStart,
      w.campaigns,
      w.membersReached,
    ]),
    [
      [localDate(lastMonday - 14 * DAY), 0, 0],
      [localDate(lastMonday - 7 * DAY), 1, 3],
      [localDate(lastMonday), 1, 2],
      [localDate(lastMonday + 7 * DAY), 2, 3],
    ],
  );
  assert.match(report.items[3].week, /^\d{4}-W\d{2}$/);
  assert.equal(report.everyWeek, false, "the first week had no push");
  const three = await (await operator.get(`${base}/campaigns/weekly-report?weeks=3`)).json();
  assert.equal(three.everyWeek, true);
  const bad = await operator.get(`${base}/campaigns/weekly-report?weeks=0`);
  assert.equal(bad.status, 422);
  assert.equal((await bad.json()).errors[0].field, "query.weeks");

  const store = await bed.store();
  assert.equal(
    (await (await bed.signIn("store_owner", "home", store)).get(`${base}/campaigns/weekly-report`)).status,
    403,
  );
  await bed.app.plugins!.enable({ tenantId: bed.districts.other, pluginId: "membership", actor: "system:test" });
  const other =
    await (await (await bed.signIn("operator_admin", "other")).get(`${base}/campaigns/weekly-report?weeks=4`))
      .json();
  assert.deepEqual(other.items.map((w: { campaigns: number }) => w.campaigns), [0, 0, 0, 0], "A's pushes are A's");
});
