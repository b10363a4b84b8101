/** Pages check who may open them on the server: sign-in redirects, 403 pages, navigation by permission. */
import assert from "node:assert/strict";
import { setupRoles } from "../../tests/support/roles.ts";

function navLinks(html: string): string[] {
  const nav = /<nav class="main-nav"[^>]*>([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? "";
  return [...nav.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
}

Deno.test("anonymous visitors are sent to sign in and brought back, but only to a path on this site", async () => {
  await using t = await setupRoles();
  const { anonymous, adminA } = t.clients;

  for (const path of ["/console", "/console/users?x=1", "/console/stores", "/console/nowhere"]) {
    const res = await anonymous.get(path);
    assert.equal(res.status, 302, path);
    assert.equal(res.headers.get("location"), `/login?next=${encodeURIComponent(path)}`);
  }

  const signInPage = await (await anonymous.get("/login?next=https%3A%2F%2Fevil.example%2F")).text();
  assert.match(signInPage, /data-island="SignInForm"/);
  assert.match(signInPage, /&quot;next&quot;:&quot;\/console&quot;/, "a foreign next falls back to /console");

  assert.equal((await adminA.get("/login?next=%2Fconsole%2Fusers")).headers.get("location"), "/console/users");
  for (const next of ["//evil.example/", "https://evil.example/", "/\\evil.example"]) {
    const res = await adminA.get(`/login?next=${encodeURIComponent(next)}`);
    assert.equal(res.headers.get("location"), "/console", next);
  }
});

Deno.test("pages check permissions on the server, and the navigation offers only what one may open", async () => {
  await using t = await setupRoles();
  const { adminA, staffA, ownerA, platform } = t.clients;

  const adminHome = await (await adminA.get("/console")).text();
  assert.deepEqual(navLinks(adminHome), [
    "/console",
    "/console/dashboard",
    "/console/data/import",
    "/console/stores",
    "/console/units",
    "/console/users",
    "/console/api-keys",
    "/console/privacy",
    "/console/audit",
  ]);
  assert.match(adminHome, /测试商圈1/, "the district's name is in the header and the heading");

  const staffHome = await (await staffA.get("/console")).text();
  assert.deepEqual(navLinks(staffHome), [
    "/console",
    "/console/dashboard",
    "/console/stores",
    "/console/units",
    "/console/users",
    "/console/audit",
  ]);
  assert.equal((await staffA.get("/console/data/import")).status, 403, "importing data needs data:import");
  const refused = await staffA.get("/console/api-keys");
  assert.equal(refused.status, 403);
  assert.match(refused.headers.get("content-type") ?? "", /text\/html/);
  assert.match(await refused.text(), /没有访问权限/);

  const ownerHome = await (await ownerA.get("/console")).text();
  assert.deepEqual(navLinks(ownerHome), [
    "/console",
    "/console/dashboard",
    "/console/data/import",
    "/console/users",
    "/console/api-keys",
  ]);
  assert.match(ownerHome, /我的门店/);
  assert.match(ownerHome, /测试门店/, "a store owner sees their store on the home page");
  assert.equal((await ownerA.get("/console/stores")).status, 403, "stores review is district work");
  assert.equal((await ownerA.get("/console/bureau")).status, 403);

  const bureau = await platform.get("/console/bureau");
  assert.equal(bureau.status, 200, "bureau pages need no district");
  const bureauHtml = await bureau.text();
  assert.match(bureauHtml, /测试商圈1/);
  assert.match(bureauHtml, /测试商圈2/);
  assert.equal((await platform.get("/console/stores")).status, 403, "district pages need a district");

  const missing = await adminA.get("/console/nowhere");
  assert.equal(missing.status, 404);
  assert.match(await missing.text(), /页面不存在/);
});

Deno.test("signing out with the header's form ends the session; without the CSRF field it is refused", async () => {
  await using t = await setupRoles();
  const { adminA } = t.clients;
  const form = (fields: Record<string, string>) =>
    t.testApp.app.request("/logout", {
      method: "POST",
      headers: { cookie: adminA.cookie!, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    });

  const forged = await form({});
  assert.equal(forged.status, 403, "a cross-site form cannot sign people out");
  assert.equal((await adminA.get("/console")).status, 200);

  const signedOut = await form({ _csrf: adminA.csrf! });
  assert.equal(signedOut.status, 303);
  assert.equal(signedOut.headers.get("location"), "/login");
  assert.match(signedOut.headers.get("set-cookie") ?? "", /district_session=;/);
  assert.equal((await adminA.get("/console")).status, 302, "the session is gone");
});
