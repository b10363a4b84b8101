/**
 * Islands are rendered on the server with their props in the marker, and pages with islands load the bundle from
 * a hashed address that may be cached for a year; pages without islands load no script at all.
 */
import assert from "node:assert/strict";
import { setupRoles } from "../../tests/support/roles.ts";

function unescapeAttribute(value: string): string {
  return value.replaceAll("&quot;", '"').replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");
}

function islandProps(html: string, name: string): Record<string, unknown> {
  const match = new RegExp(`data-island="${name}" data-props="([^"]*)"`).exec(html);
  assert.ok(match, `no ${name} island in the page`);
  return JSON.parse(unescapeAttribute(match[1]));
}

Deno.test("islands: markup and props from the server, bundle and stylesheet at cached hashed addresses", async () => {
  await using t = await setupRoles();
  const app = t.testApp.app;

  const page = await (await app.request("/login?login=shop-owner")).text();
  assert.deepEqual(islandProps(page, "SignInForm"), { locale: "zh-CN", next: "/console", login: "shop-owner" });
  assert.match(page, /<input[^>]*id="sign-in-login"[^>]*value="shop-owner"/, "the island's HTML is rendered");
  assert.match(page, /<button type="submit" class="primary" disabled/, "submit waits for hydration");

  const script = /<script type="module" src="(\/ui\/assets\/[0-9a-f]{16}\.js)">/.exec(page)?.[1];
  assert.ok(script, "a page with an island loads the bundle");
  const bundle = await app.request(script);
  assert.equal(bundle.status, 200);
  assert.match(bundle.headers.get("content-type") ?? "", /javascript/);
  assert.equal(bundle.headers.get("cache-control"), "public, max-age=31536000, immutable");
  const code = await bundle.text();
  assert.match(code, /data-island/, "the entry hydrates the markers");
  assert.ok(code.length < 150_000, `the bundle stays small (${code.length} bytes)`);
  const compressed = await app.request(script, { headers: { "accept-encoding": "gzip, br" } });
  assert.equal(compressed.headers.get("content-encoding"), "gzip");
  const unpacked = await new Response(compressed.body!.pipeThrough(new DecompressionStream("gzip"))).text();
  assert.equal(unpacked, code);

  const css = /<link rel="stylesheet" href="(\/ui\/assets\/[0-9a-f]{16}\.css)"/.exec(page)?.[1];
  assert.ok(css);
  const sheet = await app.request(css);
  assert.equal(sheet.status, 200);
  assert.match(sheet.headers.get("content-type") ?? "", /text\/css/);
  assert.equal(sheet.headers.get("cache-control"), "public, max-age=31536000, immutable");

  const landing = await (await app.request("/")).text();
  assert.doesNotMatch(landing, /<script/, "no islands, no JavaScript");
  assert.equal((await app.request("/ui/assets/0000000000000000.js")).status, 404);
  assert.equal((await app.request("/ui/assets/..%2Fdeno.json")).status, 404);
});

Deno.test("a signed-in page carries the CSRF token for its islands, a public one does not", async () => {
  await using t = await setupRoles();
  const keys = await (await t.clients.adminA.get("/console/api-keys")).text();
  assert.match(keys, new RegExp(`<meta name="csrf-token" content="${t.clients.adminA.csrf}"/>`));
  assert.deepEqual(Object.keys(islandProps(keys, "ApiKeysManager")).sort(), [
    "chooseStore",
    "keys",
    "locale",
    "permissions",
    "stores",
  ]);
  assert.doesNotMatch(await (await t.clients.anonymous.get("/login")).text(), /csrf-token/);
});
