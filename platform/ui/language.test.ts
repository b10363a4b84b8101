/** Pages are in Chinese unless the visitor chose English (cookie) or their browser prefers it. */
import assert from "node:assert/strict";
import { setupRoles } from "../../tests/support/roles.ts";

Deno.test("language: Chinese first, Accept-Language next, the switch link's cookie above both", async () => {
  await using t = await setupRoles();
  const app = t.testApp.app;

  const plain = await (await app.request("/login")).text();
  assert.match(plain, /<html lang="zh-CN">/);
  assert.match(plain, /<h1>登录<\/h1>/);
  assert.match(plain, /href="\/ui\/lang\/en-US\?next=%2Flogin"/, "the switch link comes back to this page");

  const english = await (await app.request("/login", { headers: { "accept-language": "en-GB,en;q=0.9" } })).text();
  assert.match(english, /<html lang="en-US">/);
  assert.match(english, /<h1>Sign in<\/h1>/);

  const switched = await app.request("/ui/lang/en-US?next=%2Fconsole%2Fusers");
  assert.equal(switched.status, 303);
  assert.equal(switched.headers.get("location"), "/console/users");
  assert.match(switched.headers.get("set-cookie") ?? "", /^lang=en-US;.*Path=\//);

  const chosen = await app.request("/login", { headers: { cookie: "lang=en-US", "accept-language": "zh-CN" } });
  assert.match(await chosen.text(), /<h1>Sign in<\/h1>/);
  assert.equal(chosen.headers.get("content-language"), "en-US");

  const back = await app.request("/ui/lang/zh-CN?next=https%3A%2F%2Fevil.example");
  assert.equal(back.headers.get("location"), "/", "the switch never sends anyone off-site");
  assert.equal((await app.request("/ui/lang/fr-FR?next=%2Flogin")).headers.get("set-cookie"), null);

  const home = await app.request("/console", { headers: { cookie: `${t.clients.adminA.cookie}; lang=en-US` } });
  const html = await home.text();
  assert.match(html, /Test district 1/, "district names follow the language");
  assert.match(html, /Sign out/);
});
