/** Joining the district: one member per mobile number, stored encrypted, and a card number sales can name. */
import assert from "node:assert/strict";
import { recordedSales, type SaleRecorded } from "../../../platform/sdk.ts";
import { TestClient } from "../../../tests/support/http.ts";
import { isMemberNo } from "./members.ts";
import { membershipTestBed } from "../test-support.ts";

Deno.test("membership: joining twice with one mobile number gives one member, stored encrypted", async () => {
  await using bed = await membershipTestBed();
  const first = await bed.join("13800138000");
  const again = await bed.join("138 0013 8000");
  assert.equal(again.id, first.id);
  assert.ok(isMemberNo(first.memberNo), `${first.memberNo} carries a valid check digit`);
  const rows = await bed.inDistrict((tx) =>
    tx.selectFrom("plugin_membership.members").select(["mobile_enc", "mobile_index"]).execute()
  );
  assert.equal(rows.length, 1);
  assert.ok(!JSON.stringify(rows).includes("13800138000"), "the number is not stored in clear");
  const other = await bed.join("13800138000", { district: "other" });
  assert.notEqual(other.id, first.id, "the other district has its own member");
  assert.equal(
    (await bed.inDistrict((tx) => tx.selectFrom("plugin_membership.members").select("id").execute()))
      .length,
    1,
    "and it is not visible in this district",
  );
});

Deno.test("membership: a sale naming the card number is stored with the member's pseudonym", async () => {
  await using bed = await membershipTestBed();
  const store = await bed.store();
  const member = await bed.join("13900139000");
  const operator = await bed.signIn("operator_admin");
  const key = await operator.post("/api/v1/api-keys", { name: "POS", permissions: ["events:write"] });
  assert.equal(key.status, 201, await key.clone().text());
  const { token } = await key.json();
  const pos = new TestClient(bed.app.app, token);
  const sent = await pos.post("/api/v1/events", {
    events: [{
      type: "sale",
      id: "r-1",
      storeId: store,
      receiptId: "r-1",
      amountFen: 12_800,
      paymentMethod: "wechat",
      memberId: member.memberNo,
      at: new Date().toISOString(),
    }],
  });
  assert.equal(sent.status, 200, await sent.clone().text());
  const sale = await bed.inDistrict((tx) =>
    tx.selectFrom("core.sale_events").select(["member_ref", "channel"]).executeTakeFirstOrThrow()
  );
  assert.deepEqual(sale, { member_ref: member.memberRef, channel: "offline" });
  const published = await bed.inDistrict((tx) =>
    tx.selectFrom("core.event_outbox").select("payload").where("type", "=", "sale.recorded").execute()
  );
  assert.equal(published.length, 1);
  const payload = published[0].payload as SaleRecorded;
  assert.ok(!JSON.stringify(payload).includes(member.memberRef), "the outbox names the batch, not the member");
  const sales = await bed.inDistrict((tx) => recordedSales(tx, payload));
  assert.deepEqual(sales.map((s) => [s.memberRef, s.amountFen, s.receiptId]), [[member.memberRef, 12_800, "r-1"]]);
});
