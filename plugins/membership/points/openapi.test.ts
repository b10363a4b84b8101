/** Every points route is in the API document, with who may call it and its request and response shapes. */
import assert from "node:assert/strict";
import { TestClient } from "../../../tests/support/http.ts";
import { membershipTestBed } from "../test-support.ts";

Deno.test("points routes: all in the OpenAPI document with their permission and schemas", async () => {
  await using bed = await membershipTestBed();
  const doc = await (await new TestClient(bed.app.app).get("/api/openapi.json")).json();
  const base = "/api/v1/plugins/membership";
  const expected: [string, string, string][] = [
    ["get", "/points/rules", "membership:points-read"],
    ["post", "/points/rules", "membership:points-manage"],
    ["patch", "/points/rules/{id}", "membership:points-manage"],
    ["delete", "/points/rules/{id}", "membership:points-manage"],
    ["post", "/points/rules/{id}/activation", "membership:points-manage"],
    ["get", "/points/stores", "membership:points-read"],
    ["post", "/points/stores/{storeId}/participation", "membership:points-manage"],
    ["post", "/points/redemptions", "membership:points-counter"],
    ["post", "/points/awards", "membership:points-counter"],
    ["get", "/points/awards/today", "membership:points-counter"],
    ["get", "/points/members/{member}/ledger", "membership:points-read"],
    ["post", "/points/members/{member}/adjustments", "membership:points-manage"],
    ["get", "/points/settlements", "membership:points-settlement"],
    ["get", "/points/settlements.csv", "membership:points-settlement"],
    ["get", "/public/{district}/me/points", "public"],
  ];
  for (const [method, path, permission] of expected) {
    const operation = doc.paths?.[`${base}${path}`]?.[method];
    assert.ok(operation, `${method.toUpperCase()} ${path} is documented`);
    assert.equal(operation["x-permission"], permission, `${method.toUpperCase()} ${path}`);
    assert.ok(Object.keys(operation.responses).some((status) => status.startsWith("2")), `${path} answers`);
    if (method === "post" || method === "patch") assert.ok(operation.requestBody, `${path} documents its body`);
  }
});
