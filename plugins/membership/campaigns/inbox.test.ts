/**
 * The inbox: postToInbox's consent gate and idempotency (the contract other areas use), and the member's own inbox
 * routes — paging, unread count, marking read — kept to the member and the district.
 */
import assert from "node:assert/strict";
import { TestClient } from "../../../tests/support/http.ts";
import { base, membershipTestBed } from "../test-support.ts";
import { postToInbox } from "./inbox.ts";
import { decide } from "./test-helpers.ts";

Deno.test("postToInbox: service notices need no consent; marketing is refused without it; a key posts once", async () => {
  await using bed = await membershipTestBed();
  const member = await bed.join("13700000001");
  const post = (kind: "marketing" | "service", key: string, frequencyCap?: number) =>
    bed.inDistrict((tx) =>
      postToInbox(tx, bed.districts.home, {
        memberId: member.id,
        title: kind === "service" ? "积分即将到期" : "周末特惠",
        body: "详情见会员中心",
        kind,
        idempotencyKey: key,
      }, { frequencyCap })
    );
  const notice = await post("service", "points-expiring:2026-03");
  assert.equal(notice.posted, true);
  const repeat = await post("service", "points-expiring:2026-03");
  assert.deepEqual(repeat, { posted: true, messageId: notice.posted && notice.messageId, duplicate: true });
  assert.deepEqual(await post("marketing", "offer:1"), { posted: false, reason: "no-consent" });

  await decide(member, true);
  const offer = await post("marketing", "offer:1", 1);
  assert.equal(offer.posted, true);
  assert.deepEqual(await post("marketing", "offer:2", 1), { posted: false, reason: "capped" });
  assert.equal((await post("marketing", "offer:3", 2)).posted, true, "a cap of 2 leaves room for a second");
  await decide(member, false);
  assert.deepEqual(await post("marketing", "offer:4"), { posted: false, reason: "no-consent" }, "withdrawn");
  assert.equal((await post("service", "coupon-issued:9")).posted, true, "service notices still arrive");

  const rows = await bed.inDistrict((tx) =>
    tx.selectFrom("plugin_membership.inbox_messages").select(["kind", "idempotency_key"]).orderBy("created_at")
      .execute()
  );
  assert.deepEqual(rows.map((r) => r.idempotency_key), [
    "points-expiring:2026-03",
    "offer:1",
    "offer:3",
    "coupon-issued:9",
  ]);

  await bed.inDistrict((tx) =>
    tx.updateTable("plugin_membership.members")
      .set({ status: "erased", mobile_enc: null, mobile_index: null, erased_at: new Date() })
      .where("id", "=", member.id).execute()
  );
  assert.deepEqual(await post("service", "after-erasure"), { posted: false, reason: "member-inactive" });
});

Deno.test("postToInbox: the same key posted at once from many transactions lands once", async () => {
  await using bed = await membershipTestBed();
  const member = await bed.join("13700000002");
  const results = await Promise.all(
    Array.from({ length: 6 }, () =>
      bed.inDistrict((tx) =>
        postToInbox(tx, bed.districts.home, {
          memberId: member.id,
          title: "领券成功",
          body: "满 100 减 20 券已放入卡包",
          kind: "service",
          idempotencyKey: "coupon-issued:abc",
        })
      )),
  );
  const ids = new Set(results.map((r) => r.posted && r.messageId));
  assert.equal(ids.size, 1, "every caller is told the same message");
  assert.equal(results.filter((r) => r.posted && !r.duplicate).length, 1);
  const count = await bed.inDistrict((tx) =>
    tx.selectFrom("plugin_membership.inbox_messages").select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow()
  );
  assert.equal(Number(count.n), 1);
});

Deno.test("inbox routes: the member's own messages, newest first, paged, with the unread count; read marks stay theirs", async () => {
  await using bed = await membershipTestBed();
  const member = await bed.join("13700000003");
  const neighbour = await bed.join("13700000004");
  const postFor = (memberId: string, n: number) =>
    bed.inDistrict((tx) =>
      postToInbox(tx, bed.districts.home, {
        memberId,
        title: `通知 ${n}`,
        body: `第 ${n} 条`,
        kind: "service",
        idempotencyKey: `n:${n}`,
      })
    );
  for (const n of [1, 2, 3]) {
    await postFor(member.id, n);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const theirs = await postFor(neighbour.id, 9);
  const inbox = `${base}/public/home/me/inbox`;
  const first = await (await member.client.get(`${inbox}?pageSize=2`)).json();
  assert.deepEqual(first.items.map((m: { title: string }) => m.title), ["通知 3", "通知 2"]);
  assert.deepEqual([first.unread, first.total, first.page, first.pageSize], [3, 3, 1, 2]);
  const second = await (await member.client.get(`${inbox}?pageSize=2&page=2`)).json();
  assert.deepEqual(second.items.map((m: { title: string }) => m.title), ["通知 1"]);

  const read = await member.client.post(`${base}/public/home/me/inbox/${first.items[0].id}/read`);
  assert.equal(read.status, 200);
  const after = await (await member.client.get(inbox)).json();
  assert.equal(after.unread, 2);
  assert.ok(after.items[0].readAt, "the newest is read");
  const foreign = await member.client.post(`${base}/public/home/me/inbox/${theirs.posted && theirs.messageId}/read`);
  assert.equal(foreign.status, 404, "another member's message is not found");
  assert.equal((await (await neighbour.client.get(inbox)).json()).unread, 1, "and stays unread");
  const all = await member.client.post(`${base}/public/home/me/inbox/read-all`);
  assert.deepEqual(await all.json(), { marked: 2 });
  assert.equal((await (await member.client.get(inbox)).json()).unread, 0);

  const bad = await member.client.get(`${inbox}?pageSize=0`);
  assert.equal(bad.status, 422);
  assert.equal((await bad.json()).errors[0].field, "query.pageSize");
  const anonymous = new TestClient(bed.app.app);
  assert.equal((await anonymous.get(inbox)).status, 401);
  assert.equal((await anonymous.post(`${base}/public/home/me/inbox/read-all`)).status, 401);
});

Deno.test("inbox routes: a member of another district reads nothing here", async () => {
  await using bed = await membershipTestBed();
  await bed.app.plugins!.enable({ tenantId: bed.districts.other, pluginId: "membership", actor: "system:test" });
  const here = await bed.join("13700000005");
  await bed.inDistrict((tx) =>
    postToInbox(tx, bed.districts.home, {
      memberId: here.id,
      title: "本商圈通知",
      body: "仅本商圈",
      kind: "service",
      idempotencyKey: "home-only",
    })
  );
  const there = await bed.join("13700000005", { district: "other" });
  assert.equal((await there.client.get(`${base}/public/home/me/inbox`)).status, 401, "the session is the other's");
  const own = await (await there.client.get(`${base}/public/other/me/inbox`)).json();
  assert.deepEqual([own.items, own.unread], [[], 0]);
  assert.equal((await here.client.get(`${base}/public/other/me/inbox`)).status, 401);
});
