/** The SMS senders: the district's HTTP gateway (a real server here) and the development log. */
import assert from "node:assert/strict";
import { membershipTestBed } from "../test-support.ts";
import type { MembershipCtx } from "../context.ts";
import { httpSmsSender, SmsNotSent, smsSenderFor } from "./sms.ts";
import { startTestGateway } from "./test-gateway.ts";

const message = { tenantId: "t", mobile: "13800138000", template: "member-code", params: { code: "123456" } };

Deno.test("sms: the HTTP sender posts the message with the credential and returns the gateway's id", async () => {
  await using gateway = startTestGateway();
  const sender = httpSmsSender({ url: gateway.url, token: "k-1", signature: "【彭城广场】" });
  assert.deepEqual(await sender.send(message), { id: "sms-1" });
  assert.deepEqual(gateway.received, [{
    mobile: "13800138000",
    template: "member-code",
    params: { code: "123456" },
    signature: "【彭城广场】",
    authorization: "Bearer k-1",
  }]);
  gateway.failWith = 500;
  await assert.rejects(sender.send(message), (error) => error instanceof SmsNotSent && error.status === 502);
});

Deno.test("sms: an unreachable gateway is a 502, not a hang", async () => {
  const gateway = startTestGateway();
  const url = gateway.url;
  await gateway[Symbol.asyncDispose]();
  const started = Date.now();
  await assert.rejects(
    httpSmsSender({ url, token: "", signature: "" }).send(message),
    (error) => error instanceof SmsNotSent && /unreachable/.test(error.message),
  );
  assert.ok(Date.now() - started < 5_000);
});

Deno.test("sms: the district's gateway when set, else the log", async () => {
  await using gateway = startTestGateway();
  await using bed = await membershipTestBed();
  const plain = await bed.app.plugins!.contextFor("membership", bed.districts.home, "system:test");
  const logged = await smsSenderFor(plain as unknown as MembershipCtx).send(message);
  assert.match(logged.id, /^console-/);
  assert.equal(gateway.received.length, 0);
  await bed.app.plugins!.enable({
    tenantId: bed.districts.home,
    pluginId: "membership",
    config: { membersSmsGatewayUrl: gateway.url },
    actor: "system:test",
  });
  const configured = await bed.app.plugins!.contextFor("membership", bed.districts.home, "system:test");
  assert.deepEqual(await smsSenderFor(configured as unknown as MembershipCtx).send(message), { id: "sms-1" });
  const refused = await bed.signIn("operator_admin").then((admin) =>
    admin.post("/api/v1/district/plugins/membership/enable", { config: { membersSmsGatewayUrl: "ftp://sms" } })
  );
  assert.equal(refused.status, 422, "the gateway address must be http(s)");
});
