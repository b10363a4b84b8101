/** 双会员 by paying: a sale with the member's card makes them the store's member too, once, and refunds do not. */
import assert from "node:assert/strict";
import { saleRecorded } from "../../../platform/sdk.ts";
import { TestClient } from "../../../tests/support/http.ts";
import { membershipTestBed } from "../test-support.ts";

Deno.test("store membership: paying with the card joins the store, however often the news arrives", async () => {
  await using bed = await membershipTestBed();
  const store = await bed.store("home", "星巴克");
  const refundOnly = await bed.store("home", "优衣库");
  const member = await bed.join("13800138000");
  const stranger = await bed.join("13900139000");
  const operator = await bed.signIn("operator_admin");
  const key = await operator.post("/api/v1/api-keys", { name: "POS", permissions: ["events:write"] });
  const pos = new TestClient(bed.app.app, (await key.json()).token);
  const sent = await pos.post("/api/v1/events", {
    events: [
      {
        type: "sale",
        id: "s-1",
        storeId: store,
        receiptId: "s-1",
        amountFen: 3_200,
        paymentMethod: "alipay",
        memberId: member.memberNo,
        at: new Date().toISOString(),
      },
      {
        type: "sale",
        id: "s-2",
        storeId: store,
        receiptId: "s-2",
        amountFen: 1_800,
        paymentMethod: "cash",
        memberId: member.memberNo,
        at: new Date().toISOString(),
      },
      {
        type: "sale",
        id: "s-3",
        storeId: refundOnly,
        receiptId: "s-3",
        amountFen: 900,
        paymentMethod: "card",
        memberId: stranger.memberNo,
        refund: true,
        at: new Date().toISOString(),
      },
      {
        type: "sale",
        id: "s-4",
        storeId: refundOnly,
        receiptId: "s-4",
        amountFen: 900,
        paymentMethod: "card",
        memberId: "999999999996",
        at: new Date().toISOString(),
      },
    ],
  });
  assert.equal(sent.status, 200, await sent.clone().text());
  await bed.deliverEvents();
  const rows = () =>
    bed.inDistrict((tx) =>
      tx.selectFrom("plugin_membership.store_members").select(["member_id", "store_id", "via"]).execute()
    );
  assert.deepEqual(await rows(), [{ member_id: member.id, store_id: store, via: "sale" }]);

  // At-least-once delivery: the same sales announced again change nothing.
  const [published] = await bed.inDistrict((tx) =>
    tx.selectFrom("core.event_outbox").select("payload").where("type", "=", "sale.recorded").execute()
  );
  await bed.publish(saleRecorded, published.payload as never);
  await bed.deliverEvents();
  assert.deepEqual(await rows(), [{ member_id: member.id, store_id: store, via: "sale" }]);

  // A member who joined at the store keeps "signup" as how they joined.
  const signedUp = await bed.join("13700137000", { storeId: refundOnly });
  await pos.post("/api/v1/events", {
    events: [{
      type: "sale",
      id: "s-5",
      storeId: refundOnly,
      receiptId: "s-5",
      amountFen: 500,
      paymentMethod: "wechat",
      memberId: signedUp.memberNo,
      at: new Date().toISOString(),
    }],
  });
  await bed.deliverEvents();
  const joined = (await rows()).find((row) => row.member_id === signedUp.id);
  assert.deepEqual(joined, { member_id: signedUp.id, store_id: refundOnly, via: "signup" });
});
