/** The store counter: redeeming at any participating store, idempotent keys, refusals, awards within a limit. */
import assert from "node:assert/strict";
import { cardCode } from "../members/card-code.ts";
import { membershipTestBed } from "../test-support.ts";
import { assertBalance, myPoints, posOf, sendSales } from "./test-helpers.ts";

const api = "/api/v1/plugins/membership/points";

Deno.test("points counter: a store takes points by card number or current card code, once per key", async () => {
  await using bed = await membershipTestBed();
  const store = await bed.store("home", "A 店");
  const member = await bed.join("13800138020");
  const pos = await posOf(bed);
  await sendSales(bed, pos, [{ storeId: store, receiptId: "r-1", amountFen: 10_000, memberId: member.memberNo }]);
  const till = await bed.signIn("store_staff", "home", store);

  const first = await till.post(`${api}/redemptions`, {
    member: member.memberNo,
    points: 30,
    idempotencyKey: "till-0001",
  });
  assert.equal(first.status, 201, await first.clone().text());
  const redeemed = await first.json();
  assert.deepEqual({ ...redeemed, entryId: typeof redeemed.entryId }, {
    entryId: "string",
    memberNo: member.memberNo,
    points: 30,
    balance: 70,
  });
  const again = await till.post(`${api}/redemptions`, {
    member: member.memberNo,
    points: 30,
    idempotencyKey: "till-0001",
  });
  assert.equal(again.status, 201);
  assert.deepEqual(await again.json(), redeemed, "a retry answers the first redemption");
  const reused = await till.post(`${api}/redemptions`, {
    member: member.memberNo,
    points: 31,
    idempotencyKey: "till-0001",
  });
  assert.equal(reused.status, 422);
  assert.equal((await reused.json()).errors[0].field, "idempotencyKey");
  await assertBalance(bed, member.id, 70);

  // The card's rotating code works while it is current; an old one (a screenshot) does not.
  const secret = await bed.inDistrict((tx) =>
    tx.selectFrom("plugin_membership.members").select("card_secret").where("id", "=", member.id)
      .executeTakeFirstOrThrow()
  );
  const card = { memberNo: member.memberNo, cardSecret: secret.card_secret };
  const current = await cardCode(card);
  const byCode = await till.post(`${api}/redemptions`, {
    member: current.code,
    points: 20,
    idempotencyKey: "till-0002",
  });
  assert.equal(byCode.status, 201, await byCode.clone().text());
  const old = await cardCode(card, Date.now() - 5 * 60_000);
  const stale = await till.post(`${api}/redemptions`, { member: old.code, points: 20, idempotencyKey: "till-0003" });
  assert.equal(stale.status, 422);
  assert.equal((await stale.json()).errors[0].field, "member");

  const tooMuch = await till.post(`${api}/redemptions`, {
    member: member.memberNo,
    points: 51,
    idempotencyKey: "till-0004",
  });
  assert.equal(tooMuch.status, 409, "50 left, 51 asked");
  const unknown = await till.post(`${api}/redemptions`, {
    member: "100000000009",
    points: 1,
    idempotencyKey: "till-0005",
  });
  assert.equal(unknown.status, 422);
  assert.equal((await unknown.json()).errors[0].field, "member");
  const typo = await till.post(`${api}/redemptions`, {
    member: "100000000001",
    points: 1,
    idempotencyKey: "till-0006",
  });
  assert.equal(typo.status, 422, "a wrong check digit");
  const noKey = await till.post(`${api}/redemptions`, { member: member.memberNo, points: 1 });
  assert.equal(noKey.status, 422);
  assert.equal((await noKey.json()).errors[0].field, "idempotencyKey");
  await assertBalance(bed, member.id, 50);

  const audit = await bed.inDistrict((tx) =>
    tx.selectFrom("core.audit_log").select(["action", "target"]).where("action", "=", "membership.points-redeem")
      .execute()
  );
  assert.deepEqual(audit, [
    { action: "membership.points-redeem", target: `member:${member.id}` },
    { action: "membership.points-redeem", target: `member:${member.id}` },
  ], "two redemptions, the retry not audited again");

  // Out of the alliance: the store can neither take nor give points, and its sales earn nothing.
  const admin = await bed.signIn("operator_admin");
  const out = await admin.post(`${api}/stores/${store}/participation`, { participates: false });
  assert.equal(out.status, 200);
  assert.deepEqual((await out.json()).participates, false);
  const refused = await till.post(`${api}/redemptions`, {
    member: member.memberNo,
    points: 1,
    idempotencyKey: "till-0007",
  });
  assert.equal(refused.status, 403);
  await sendSales(bed, pos, [{ storeId: store, receiptId: "r-2", amountFen: 10_000, memberId: member.memberNo }]);
  assert.equal((await myPoints(bed, member)).balance, 50);
});

Deno.test("points counter: 20 redemptions at once for a balance that covers 9 — 9 pass, the balance ends at 5", async () => {
  await using bed = await membershipTestBed();
  const store = await bed.store();
  const member = await bed.join("13800138021");
  const pos = await posOf(bed);
  await sendSales(bed, pos, [{ storeId: store, receiptId: "r-1", amountFen: 9_500, memberId: member.memberNo }]);
  await assertBalance(bed, member.id, 95);
  const tills = await Promise.all([1, 2, 3, 4].map(() => bed.signIn("store_staff", "home", store)));
  const answers = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      tills[i % tills.length].post(`${api}/redemptions`, {
        member: member.memberNo,
        points: 10,
        idempotencyKey: `concurrent-${i}`,
      })),
  );
  const statuses = answers.map((a) => a.status).sort();
  assert.deepEqual(statuses, [...Array(9).fill(201), ...Array(11).fill(409)]);
  await assertBalance(bed, member.id, 5);

  // The same request five times at once (a till retrying): one redemption.
  await sendSales(bed, pos, [{ storeId: store, receiptId: "r-2", amountFen: 10_000, memberId: member.memberNo }]);
  const retries = await Promise.all(
    Array.from(
      { length: 5 },
      () =>
        tills[0].post(`${api}/redemptions`, { member: member.memberNo, points: 60, idempotencyKey: "same-request" }),
    ),
  );
  assert.deepEqual(retries.map((r) => r.status), Array(5).fill(201));
  assert.equal(new Set(await Promise.all(retries.map(async (r) => (await r.json()).entryId))).size, 1);
  await assertBalance(bed, member.id, 45);
});

Deno.test("points counter: awards by hand need a reason, stay within the store's daily limit, and are audited", async () => {
  await using bed = await membershipTestBed({ config: { pointsStoreDailyAwardLimit: 100 } });
  const store = await bed.store();
  const member = await bed.join("13800138022");
  const owner = await bed.signIn("store_owner", "home", store);
  const award = (points: number, key: string, reason = "开业活动") =>
    owner.post(`${api}/awards`, { member: member.memberNo, points, reason, idempotencyKey: key });

  const noReason = await owner.post(`${api}/awards`, {
    member: member.memberNo,
    points: 10,
    idempotencyKey: "award-000",
  });
  assert.equal(noReason.status, 422);
  assert.equal((await noReason.json()).errors[0].field, "reason");
  assert.equal((await award(60, "award-001")).status, 201);
  assert.equal((await award(60, "award-001")).status, 201, "a retry");
  const over = await award(50, "award-002");
  assert.equal(over.status, 422);
  const problem = await over.json();
  assert.equal(problem.errors[0].field, "points");
  assert.match(problem.errors[0].message, /at most 40 more/);
  // Ten at once for the 40 left: two pass.
  const rush = await Promise.all(Array.from({ length: 10 }, (_, i) => award(20, `award-rush-${i}`)));
  assert.equal(rush.filter((r) => r.status === 201).length, 2);
  assert.equal(rush.filter((r) => r.status === 422).length, 8);
  assert.deepEqual(await (await owner.get(`${api}/awards/today`)).json().then((q) => [q.awarded, q.limit]), [100, 100]);
  await assertBalance(bed, member.id, 100);

  const audit = await bed.inDistrict((tx) =>
    tx.selectFrom("core.audit_log").select("details").where("action", "=", "membership.points-award").execute()
  );
  assert.equal(audit.length, 3);
  assert.deepEqual((audit[0].details as { reason: string; storeId: string }).reason, "开业活动");
  // The store issued these points: its own lots, which it pays for if they are redeemed elsewhere.
  const lots = await bed.inDistrict((tx) =>
    tx.selectFrom("plugin_membership.points_lots").select("origin_store_id").distinct().execute()
  );
  assert.deepEqual(lots, [{ origin_store_id: store }]);
});

Deno.test("points: operators adjust a member's points both ways with a reason, audited, never below zero", async () => {
  await using bed = await membershipTestBed();
  const member = await bed.join("13800138023");
  const admin = await bed.signIn("operator_admin");
  const adjust = (points: number, key: string) =>
    admin.post(`${api}/members/${member.memberNo}/adjustments`, { points, reason: "客诉补偿", idempotencyKey: key });
  const added = await adjust(50, "adjust-001");
  assert.equal(added.status, 201, await added.clone().text());
  assert.equal((await added.json()).balance, 50);
  assert.equal((await adjust(50, "adjust-001")).status, 201);
  const taken = await adjust(-30, "adjust-002");
  assert.equal((await taken.json()).balance, 20);
  assert.equal((await adjust(-21, "adjust-003")).status, 409);
  assert.equal((await adjust(0, "adjust-004")).status, 422);
  await assertBalance(bed, member.id, 20);

  const staff = await bed.signIn("operator_staff");
  assert.equal(
    (await staff.post(`${api}/members/${member.id}/adjustments`, {
      points: 5,
      reason: "x",
      idempotencyKey: "adjust-005",
    })).status,
    403,
  );
  const ledger = await staff.get(`${api}/members/${member.id}/ledger`);
  assert.equal(ledger.status, 200);
  const body = await ledger.json();
  assert.equal(body.balance, 20);
  assert.deepEqual(
    body.items.map((i: { kind: string; points: number; storeId: string }) => [i.kind, i.points, i.storeId]),
    [
      ["adjust", -30, null],
      ["adjust", 50, null],
    ],
  );
  assert.equal((await staff.get(`${api}/members/100000000009/ledger`)).status, 404);
  const audit = await bed.inDistrict((tx) =>
    tx.selectFrom("core.audit_log").select("details").where("action", "=", "membership.points-adjust").execute()
  );
  assert.deepEqual(audit.map((a) => (a.details as { points: number }).points), [50, -30]);
});
