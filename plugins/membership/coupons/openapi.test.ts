/** Every coupons route is in the OpenAPI document, with the permission it needs. */
import assert from "node:assert/strict";
import { TestClient } from "../../../tests/support/http.ts";
import { membershipTestBed } from "../test-support.ts";

const ROUTES: [string, string, string][] = [
  ["get", "/coupons/templates", "membership:coupons-read"],
  ["post", "/coupons/templates", "membership:coupons-manage"],
  ["get", "/coupons/templates/{templateId}", "membership:coupons-read"],
  ["post", "/coupons/templates/{templateId}/pause", "membership:coupons-manage"],
  ["post", "/coupons/templates/{templateId}/resume", "membership:coupons-manage"],
  ["post", "/coupons/templates/{templateId}/issues", "membership:coupons-issue"],
  ["get", "/coupons/templates/{templateId}/issues", "membership:coupons-issue"],
  ["post", "/coupons/templates/{templateId}/grants", "membership:coupons-issue"],
  ["get", "/coupons/codes/{code}", "membership:coupons-redeem"],
  ["post", "/coupons/redemptions", "membership:coupons-redeem"],
  ["get", "/coupons/redemptions", "membership:coupons-read"],
  ["post", "/coupons/redemptions/{redemptionId}/undo", "membership:coupons-redeem"],
  ["post", "/coupons/parking-redemptions", "membership:parking-coupons"],
  ["get", "/public/{district}/coupons", "public"],
  ["get", "/public/{district}/me/coupons", "public"],
  ["post", "/public/{district}/coupons/{templateId}/claims", "public"],
  ["post", "/public/{district}/coupons/{templateId}/exchanges", "public"],
];

Deno.test("openapi: the coupons routes are documented with their permissions and answers", async () => {
  await using bed = await membershipTestBed();
  const res = await new TestClient(bed.app.app).get("/api/openapi.json");
  assert.equal(res.status, 200);
  const doc = await res.json();
  for (const [method, path, permission] of ROUTES) {
    const operation = doc.paths[`/api/v1/plugins/membership${path}`]?.[method];
    assert.ok(operation, `${method} ${path} is documented`);
    assert.equal(operation["x-permission"], permission, `${method} ${path}`);
    assert.ok(Object.keys(operation.responses).some((status) => status.startsWith("2")), `${method} ${path} answers`);
  }
});
