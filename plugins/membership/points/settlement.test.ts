/** Settlement between stores: who owes whom for points redeemed away from where they were issued. */
import assert from "node:assert/strict";
import { membershipTestBed } from "../test-support.ts";
import { today } from "./page-bits.tsx";
import { posOf, sendSales } from "./test-helpers.ts";
import { yuan } from "./settlement.ts";

const api = "/api/v1/plugins/membership/points";

Deno.test("points settlement: cross-store redemptions settle at the rate of the day, and the nets sum to zero", async () => {
  await using bed = await membershipTestBed({ config: { pointsSettlementFenPerPoint: 5 } });
  const storeA = await bed.store("home", "A 店");
  const storeB = await bed.store("home", "B 店");
  const storeC = await bed.store("home", "C 店");
  const member = await bed.join("13800138030");
  const pos = await posOf(bed);
  const admin = await bed.signIn("operator_admin");

  // Lots, oldest first: 100 from A, 50 from the district, 30 from B.
  await sendSales(bed, pos, [{ storeId: storeA, receiptId: "a-1", amountFen: 10_000, memberId: member.memberNo }]);
  const adjusted = await admin.post(`${api}/members/${member.id}/adjustments`, {
    points: 50,
    reason: "活动奖励",
    idempotencyKey: "bonus-0001",
  });
  assert.equal(adjusted.status, 201);
  await sendSales(bed, pos, [{ storeId: storeB, receiptId: "b-1", amountFen: 3_000, memberId: member.memberNo }]);

  const redeem = async (store: string, points: number, key: string) => {
    const till = await bed.signIn("store_staff", "home", store);
    const res = await till.post(`${api}/redemptions`, { member: member.memberNo, points, idempotencyKey: key });
    assert.equal(res.status, 201, await res.clone().text());
  };
  // At B: 100 of A's and 20 of the district's. At C: the district's last 30 and 10 of B's.
  await redeem(storeB, 120, "b-redeem-1");
  await redeem(storeC, 40, "c-redeem-1");

  const day = today();
  const report = await (await admin.get(`${api}/settlements?from=${day}&to=${day}`)).json();
  const line = (storeId: string | null) => {
    const p = report.parties.find((party: { storeId: string | null }) => party.storeId === storeId);
    return [p.pointsIssued, p.pointsRedeemed, p.owesFen, p.owedFen, p.netFen];
  };
  assert.deepEqual(line(null), [50, 0, 250, 0, -250]);
  assert.deepEqual(line(storeA), [100, 0, 500, 0, -500]);
  assert.deepEqual(line(storeB), [30, 120, 50, 600, 550]);
  assert.deepEqual(line(storeC), [0, 40, 0, 200, 200]);
  assert.equal(
    report.parties.reduce((sum: number, p: { netFen: number }) => sum + p.netFen, 0),
    0,
    "every fen one party owes, another is owed",
  );
  assert.deepEqual(report.totals, { pointsIssued: 180, pointsRedeemed: 160, owesFen: 800, owedFen: 800, netFen: 0 });
  assert.equal(report.flows.length, 4);

  // A rate change applies to redemptions from then on; the earlier ones keep their day's rate.
  const changed = await bed.app.plugins!.enable({
    tenantId: bed.districts.home,
    pluginId: "membership",
    config: { pointsSettlementFenPerPoint: 10 },
    actor: "system:test",
  }).catch((e) => e);
  assert.ok(!(changed instanceof Error), String(changed));
  await sendSales(bed, pos, [{ storeId: storeA, receiptId: "a-2", amountFen: 1_000, memberId: member.memberNo }]);
  await redeem(storeC, 10, "c-redeem-2");
  const later = await (await admin.get(`${api}/settlements?from=${day}&to=${day}`)).json();
  const c = later.parties.find((p: { storeId: string }) => p.storeId === storeC);
  assert.equal(c.owedFen, 200 + 100, "40 points at 5 fen, then 10 at 10 fen");
  assert.equal(later.parties.reduce((sum: number, p: { netFen: number }) => sum + p.netFen, 0), 0);

  // A store owner sees the store's own line and its flows only.
  const ownerB = await bed.signIn("store_owner", "home", storeB);
  const own = await (await ownerB.get(`${api}/settlements?from=${day}&to=${day}`)).json();
  assert.deepEqual(own.parties.map((p: { storeId: string }) => p.storeId), [storeB]);
  assert.ok(
    own.flows.every((f: { fromStoreId: string; toStoreId: string }) =>
      f.fromStoreId === storeB || f.toStoreId === storeB
    ),
  );
  assert.equal(own.flows.length, 3);
  const staffB = await bed.signIn("store_staff", "home", storeB);
  assert.equal((await staffB.get(`${api}/settlements?from=${day}&to=${day}`)).status, 403);

  // The CSV: UTF-8 with a byte-order mark, yuan with two decimals, a total line.
  const csv = await admin.get(`${api}/settlements.csv?from=${day}&to=${day}`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get("content-type") ?? "", /^text\/csv; charset=utf-8/);
  const bytes = new Uint8Array(await csv.arrayBuffer());
  assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf]);
  const lines = new TextDecoder().decode(bytes.slice(3)).trim().split("\r\n");
  assert.equal(
    lines[0],
    "参与方 Party,门店编号 Store ID,发放积分 Points issued,兑换积分 Points redeemed,应付（元）Owes (yuan),应收（元）Owed (yuan),净额（元）Net (yuan)",
  );
  // B's 20 points left were the oldest lot when C took 10 more: B owes C 10 × 10 fen as well now.
  assert.ok(lines.includes(`B 店,${storeB},30,120,1.50,6.00,4.50`), lines.join("\n"));
  assert.equal(lines.at(-1), "合计 Total,,190,170,9.00,9.00,0.00");
  const ownCsv = await (await ownerB.get(`${api}/settlements.csv?from=${day}&to=${day}`)).text();
  assert.equal(ownCsv.trim().split("\r\n").length, 3, "header, the store's line, its total");

  const bad = await admin.get(`${api}/settlements?from=${day}&to=2020-01-01`);
  assert.equal(bad.status, 422);
  assert.equal((await bad.json()).errors[0].field, "query.to");
  const notADay = await admin.get(`${api}/settlements?from=2026-02-30&to=${day}`);
  assert.equal(notADay.status, 422);
  assert.equal((await notADay.json()).errors[0].field, "query.from");
});

Deno.test("points settlement: yuan are written exactly from fen", () => {
  assert.deepEqual([yuan(0), yuan(5), yuan(550), yuan(-1234), yuan(100_000_001)], [
    "0.00",
    "0.05",
    "5.50",
    "-12.34",
    "1000000.01",
  ]);
});
