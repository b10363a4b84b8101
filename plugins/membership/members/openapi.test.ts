/** Every route of the members area is in the OpenAPI document, with who may call it. */
import assert from "node:assert/strict";
import { TestClient } from "../../../tests/support/http.ts";
import { membershipTestBed } from "../test-support.ts";

const ROUTES: [string, string, string][] = [
  ["post", "/public/{district}/members/codes", "public"],
  ["post", "/public/{district}/members/sessions", "public"],
  ["post", "/public/{district}/members/sign-out", "public"],
  ["get", "/public/{district}/members/policy", "public"],
  ["get", "/public/{district}/me", "public"],
  ["patch", "/public/{district}/me", "public"],
  ["post", "/public/{district}/me/consent", "public"],
  ["get", "/public/{district}/me/card", "public"],
  ["get", "/public/{district}/stores", "public"],
  ["get", "/members", "membership:members-read"],
  ["get", "/members/{id}", "membership:members-read"],
  ["get", "/members/{id}/mobile", "membership:members-read"],
  ["post", "/members/{id}/tags", "membership:members-tag"],
  ["delete", "/members/{id}/tags/{tagId}", "membership:members-tag"],
  ["post", "/cards/resolve", "membership:serve"],
  ["get", "/stores/mine/members", "membership:store-members"],
  ["get", "/levels", "membership:members-read"],
  ["post", "/levels", "membership:levels-manage"],
  ["patch", "/levels/{id}", "membership:levels-manage"],
  ["delete", "/levels/{id}", "membership:levels-manage"],
  ["get", "/tags", "membership:members-read"],
  ["post", "/tags", "membership:tags-manage"],
  ["post", "/tags/single-condition", "membership:tags-manage"],
  ["patch", "/tags/{id}", "membership:tags-manage"],
  ["delete", "/tags/{id}", "membership:tags-manage"],
];

Deno.test("members area: every route is documented with its permission", async () => {
  await using bed = await membershipTestBed();
  const document = await (await new TestClient(bed.app.app).get("/api/openapi.json")).json();
  for (const [method, path, permission] of ROUTES) {
    const operation = document.paths[`/api/v1/plugins/membership${path}`]?.[method];
    assert.ok(operation, `${method.toUpperCase()} ${path} is documented`);
    assert.equal(operation["x-permission"], permission, `${method.toUpperCase()} ${path}`);
    assert.ok(operation.responses["200"] ?? operation.responses["201"] ?? operation.responses["202"]);
  }
});
