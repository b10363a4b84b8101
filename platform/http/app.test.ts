import assert from "node:assert/strict";
import { createRoute, z } from "@hono/zod-openapi";
import { openTestDatabase } from "../../tests/support/test-db.ts";
import { createTestApp } from "../../tests/support/app.ts";

async function setup() {
  const database = await openTestDatabase();
  const { app, log, jobs } = await createTestApp(database);
  return {
    app,
    log,
    database,
    [Symbol.asyncDispose]: async () => {
      await jobs.close();
      await database.close();
    },
  };
}

Deno.test("/healthz reports the database and the job queue", async () => {
  await using t = await setup();
  const res = await t.app.request("/healthz");
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.status, "ok");
  assert.equal(body.database.ok, true);
  assert.equal(body.database.kind, t.database.kind);
  assert.ok(body.database.migrations >= 2);
  assert.deepEqual(
    { ok: body.jobs.ok, kind: body.jobs.kind, failed: body.jobs.failed },
    { ok: true, kind: "in-process", failed: 0 },
  );
});

Deno.test("/healthz answers 503 when the database is gone", async () => {
  const t = await setup();
  await t.database.close();
  const res = await t.app.request("/healthz");
  assert.equal(res.status, 503);
  const body = await res.json();
  assert.equal(body.status, "degraded");
  assert.equal(body.database.ok, false);
  assert.ok(body.database.detail);
});

Deno.test("request ids are made, echoed when sane, and logged as JSON lines", async () => {
  await using t = await setup();
  const made = await t.app.request("/api/openapi.json");
  assert.match(made.headers.get("x-request-id") ?? "", /^[0-9a-f-]{36}$/);
  const echoed = await t.app.request("/api/openapi.json", { headers: { "x-request-id": "trace-12345678" } });
  assert.equal(echoed.headers.get("x-request-id"), "trace-12345678");
  const refused = await t.app.request("/api/openapi.json", { headers: { "x-request-id": "<script>" } });
  assert.notEqual(refused.headers.get("x-request-id"), "<script>");
  const line = t.log.lines.find((l) => l.requestId === "trace-12345678");
  assert.deepEqual(
    { msg: line?.msg, method: line?.method, path: line?.path, status: line?.status },
    { msg: "request", method: "GET", path: "/api/openapi.json", status: 200 },
  );
});

Deno.test("errors are problem+json with a field for every invalid input", async () => {
  await using t = await setup();
  t.app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/echo",
      request: {
        body: {
          content: {
            "application/json": {
              schema: z.object({ name: z.string().min(1), amountFen: z.number().int().nonnegative() }),
            },
          },
        },
      },
      responses: { 200: { description: "ok" } },
    }),
    (c) => c.json(c.req.valid("json")),
  );
  t.app.get("/api/v1/boom", () => {
    throw new Error("secret internal detail");
  });

  const invalid = await t.app.request("/api/v1/echo", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "", amountFen: -5 }),
  });
  assert.equal(invalid.status, 422);
  assert.match(invalid.headers.get("content-type") ?? "", /^application\/problem\+json/);
  const problem = await invalid.json();
  assert.equal(problem.status, 422);
  assert.equal(problem.instance, "/api/v1/echo");
  assert.deepEqual(problem.errors.map((e: { field: string }) => e.field).sort(), ["amountFen", "name"]);

  const malformed = await t.app.request("/api/v1/echo", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{not json",
  });
  assert.equal(malformed.status, 400);
  assert.match((await malformed.json()).detail, /JSON/);

  const missing = await t.app.request("/api/v1/nowhere");
  assert.equal(missing.status, 404);
  assert.equal((await missing.json()).title, "Not found");

  const crashed = await t.app.request("/api/v1/boom");
  assert.equal(crashed.status, 500);
  const text = await crashed.text();
  assert.ok(!text.includes("secret internal detail") && !text.includes(".ts:"), text);
  assert.ok(t.log.lines.some((l) => l.msg === "unhandled error"));

  const ok = await t.app.request("/api/v1/echo", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "王府井", amountFen: 1200 }),
  });
  assert.deepEqual(await ok.json(), { name: "王府井", amountFen: 1200 });
});

Deno.test("the OpenAPI document and the docs page are served", async () => {
  await using t = await setup();
  const doc = await (await t.app.request("/api/openapi.json")).json();
  assert.equal(doc.openapi, "3.0.3");
  assert.ok(doc.paths["/healthz"].get);
  const page = await t.app.request("/api/docs");
  assert.equal(page.status, 200);
  assert.match(await page.text(), /SwaggerUIBundle\(\{ url: "\/api\/openapi.json"/);
  const asset = await t.app.request("/api/docs/assets/swagger-ui-bundle.js");
  assert.equal(asset.status, 200);
  assert.ok((await asset.arrayBuffer()).byteLength > 100_000);
  assert.equal((await t.app.request("/api/docs/assets/..%2Fpackage.json")).status, 404);
  const home = await t.app.request("/");
  assert.match(await home.text(), /智慧商圈平台/);
});
