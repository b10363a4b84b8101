/** Identity over HTTP: sign-in, sessions, CSRF, lockout, invitations, API keys, and who may do what. */
import assert from "node:assert/strict";
import { createStore, createUser, TEST_PASSWORD } from "../../tests/support/identity.ts";
import { TestClient } from "../../tests/support/http.ts";
import { openTestDatabase } from "../../tests/support/test-db.ts";
import { createTestTenants } from "../../tests/support/tenants.ts";
import { listAudit } from "../audit/list.ts";
import { withTenant } from "../db/tenant.ts";
import { createTestApp } from "../../tests/support/app.ts";

async function setup() {
  const database = await openTestDatabase();
  const [a, b] = await createTestTenants(database, 2);
  const { app, jobs } = await createTestApp(database, { logLevel: "error" });
  return {
    database,
    app,
    a,
    b,
    client: (bearer?: string) => new TestClient(app, bearer),
    [Symbol.asyncDispose]: async () => {
      await jobs.close();
      await database.close();
    },
  };
}

Deno.test("sign in, see oneself, sign out", async () => {
  await using t = await setup();
  const admin = await createUser(t.database, t.a, "operator_admin");
  const browser = t.client();

  const wrong = await browser.signIn(admin.login, "not-the-password-1");
  assert.equal(wrong.status, 401);
  assert.match(wrong.headers.get("content-type") ?? "", /problem\+json/);
  assert.equal((await wrong.json()).detail, "the login or the password is wrong");
  const unknown = await browser.signIn("nobody-here", "whatever-123");
  assert.equal((await unknown.json()).detail, "the login or the password is wrong", "unknown logins look the same");

  const ok = await browser.signIn(admin.login.toUpperCase(), admin.password);
  assert.equal(ok.status, 200);
  const cookie = ok.headers.get("set-cookie") ?? "";
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Lax/);
  const me = await (await browser.get("/api/v1/auth/me")).json();
  assert.equal(me.login, admin.login);
  assert.equal(me.districtId, t.a);
  assert.deepEqual(me.roles.map((r: { id: string }) => r.id), ["operator_admin"]);
  assert.ok(me.permissions.includes("stores:review"));
  assert.equal(me.organisationId, null, "operators are not limited to one store");

  assert.equal((await browser.post("/api/v1/auth/logout")).status, 204);
  browser.cookie = `district_session=${/district_session=([^;]*)/.exec(cookie)![1]}`;
  assert.equal((await browser.get("/api/v1/auth/me")).status, 401, "the old session cookie no longer works");
});

Deno.test("cookie requests that change something need the CSRF token", async () => {
  await using t = await setup();
  const admin = await createUser(t.database, t.a, "operator_admin");
  const browser = t.client();
  await browser.signIn(admin.login, admin.password);
  const token = browser.csrf;
  browser.csrf = undefined;
  const refused = await browser.post("/api/v1/api-keys", { name: "POS", permissions: ["events:write"] });
  assert.equal(refused.status, 403);
  assert.match((await refused.json()).detail, /CSRF/);
  browser.csrf = "x".repeat(24);
  assert.equal((await browser.post("/api/v1/api-keys", { name: "POS", permissions: ["events:write"] })).status, 403);
  browser.csrf = token;
  assert.equal((await browser.post("/api/v1/api-keys", { name: "POS", permissions: ["events:write"] })).status, 201);
});

Deno.test("repeated wrong passwords lock the account, and the failures are audited", async () => {
  await using t = await setup();
  const admin = await createUser(t.database, t.a, "operator_admin");
  const browser = t.client();
  for (let i = 1; i <= 4; i++) assert.equal((await browser.signIn(admin.login, `wrong-password-${i}`)).status, 401);
  const locked = await browser.signIn(admin.login, "wrong-password-5");
  assert.equal(locked.status, 429);
  assert.ok(Number(locked.headers.get("retry-after")) > 800);
  assert.equal((await browser.signIn(admin.login, admin.password)).status, 429, "even the right password waits");

  const audit = await withTenant(t.database.db, t.a, (tx) => listAudit(tx, { action: "auth.sign-in-failed" }));
  assert.equal(audit.entries.length, 5);
  assert.ok(audit.entries.every((e) => e.actor === `user:${admin.accountId}`));
});

Deno.test("invitations: a store owner is invited, chooses a password once, then signs in", async () => {
  await using t = await setup();
  const admin = await createUser(t.database, t.a, "operator_admin");
  const store = await createStore(t.database, t.a, "星巴克彭城店");
  const operator = t.client();
  await operator.signIn(admin.login, admin.password);

  const invited = await operator.post("/api/v1/users/invitations", {
    login: "owner-starbucks",
    displayName: "王店长",
    role: "store_owner",
    organisationId: store,
  });
  assert.equal(invited.status, 201);
  const { invitationUrl } = await invited.json();
  const token = invitationUrl.split("/invite/")[1];

  const again = await operator.post("/api/v1/users/invitations", {
    login: "owner-starbucks",
    displayName: "重复",
    role: "store_owner",
    organisationId: store,
  });
  assert.equal(again.status, 409);
  assert.equal((await again.json()).errors[0].field, "login");

  const anonymous = t.client();
  const described = await (await anonymous.get(`/api/v1/invitations/${token}`)).json();
  assert.deepEqual({ login: described.login, expired: described.expired, accepted: described.accepted }, {
    login: "owner-starbucks",
    expired: false,
    accepted: false,
  });
  const weak = await anonymous.post(`/api/v1/invitations/${token}/accept`, { password: "short" });
  assert.equal(weak.status, 422);
  assert.equal((await weak.json()).errors[0].field, "password");
  assert.equal((await anonymous.post(`/api/v1/invitations/${token}/accept`, { password: TEST_PASSWORD })).status, 200);
  assert.equal((await anonymous.post(`/api/v1/invitations/${token}/accept`, { password: TEST_PASSWORD })).status, 409);
  assert.equal((await anonymous.get(`/api/v1/invitations/${token.slice(0, -2)}xx`)).status, 404);

  const owner = t.client();
  const me = await (await owner.signIn("owner-starbucks", TEST_PASSWORD)).json();
  assert.equal(me.organisationId, store);
  assert.deepEqual(me.roles.map((r: { id: string }) => r.id), ["store_owner"]);
});

Deno.test("roles: staff cannot invite, store owners see only their store, other districts see nothing", async () => {
  await using t = await setup();
  const admin = await createUser(t.database, t.a, "operator_admin");
  const staff = await createUser(t.database, t.a, "operator_staff");
  const storeA = await createStore(t.database, t.a, "甲店");
  const storeB = await createStore(t.database, t.a, "乙店");
  const ownerA = await createUser(t.database, t.a, "store_owner", { organisationId: storeA });
  await createUser(t.database, t.a, "store_staff", { organisationId: storeB });
  const otherAdmin = await createUser(t.database, t.b, "operator_admin");

  const staffClient = t.client();
  await staffClient.signIn(staff.login, staff.password);
  const denied = await staffClient.post("/api/v1/users/invitations", {
    login: "x-y-z",
    displayName: "X",
    role: "operator_staff",
  });
  assert.equal(denied.status, 403);
  assert.match((await denied.json()).detail, /users:manage/);
  assert.equal((await staffClient.get("/api/v1/api-keys")).status, 403);
  assert.equal((await staffClient.get("/api/v1/users")).status, 200, "staff may read the user list");

  const ownerClient = t.client();
  await ownerClient.signIn(ownerA.login, ownerA.password);
  const ownUsers = await (await ownerClient.get("/api/v1/users")).json();
  assert.deepEqual(ownUsers.items.map((u: { login: string }) => u.login), [ownerA.login]);
  const outOfReach = await ownerClient.post("/api/v1/users/invitations", {
    login: "cross-store",
    displayName: "跨店",
    role: "store_staff",
    organisationId: storeB,
  });
  assert.equal(outOfReach.status, 201, "the owner's own store is used whatever store is named");
  const afterInvite = await (await ownerClient.get("/api/v1/users")).json();
  assert.ok(afterInvite.items.every((u: { organisationId: string }) => u.organisationId === storeA));
  assert.equal(
    (await ownerClient.post("/api/v1/users/invitations", {
      login: "new-admin",
      displayName: "N",
      role: "operator_admin",
    }))
      .status,
    422,
    "a store owner cannot create operators",
  );

  const adminClient = t.client();
  await adminClient.signIn(admin.login, admin.password);
  const all = await (await adminClient.get("/api/v1/users")).json();
  assert.equal(all.items.length, 5);

  const other = t.client();
  await other.signIn(otherAdmin.login, otherAdmin.password);
  const theirs = await (await other.get("/api/v1/users")).json();
  assert.deepEqual(theirs.items.map((u: { login: string }) => u.login), [otherAdmin.login]);
  const sneak = await other.post("/api/v1/users/invitations", {
    login: "sneaky",
    displayName: "S",
    role: "store_owner",
    organisationId: storeA,
  });
  assert.equal(sneak.status, 422, "another district's store does not exist here");

  assert.equal((await t.client().get("/api/v1/users")).status, 401);
});

Deno.test("API keys: shown once, stored hashed, scoped, revocable, invisible to other districts", async () => {
  await using t = await setup();
  const admin = await createUser(t.database, t.a, "operator_admin");
  const otherAdmin = await createUser(t.database, t.b, "operator_admin");
  const store = await createStore(t.database, t.a, "收银台门店");
  const operator = t.client();
  await operator.signIn(admin.login, admin.password);

  const bad = await operator.post("/api/v1/api-keys", { name: "gate", permissions: ["users:manage"] });
  assert.equal(bad.status, 422);
  assert.equal((await bad.json()).errors[0].field, "permissions");

  const created = await operator.post("/api/v1/api-keys", {
    name: "POS 1",
    permissions: ["events:write"],
    organisationId: store,
  });
  assert.equal(created.status, 201);
  const { key, token } = await created.json();
  assert.match(token, /^dk_[A-Za-z0-9_-]{43}_[A-Za-z0-9_-]{32}$/);
  assert.equal(key.organisationId, store);
  const stored = await withTenant(
    t.database.db,
    t.a,
    (tx) => tx.selectFrom("core.api_keys").select("secret_hash").where("id", "=", key.id).executeTakeFirstOrThrow(),
  );
  assert.ok(!token.includes(stored.secret_hash) && !stored.secret_hash.includes(token.slice(-32)));
  const listed = await (await operator.get("/api/v1/api-keys")).json();
  assert.deepEqual(listed.items.map((k: { id: string }) => k.id), [key.id]);
  assert.ok(!JSON.stringify(listed).includes(token.slice(-32)), "the secret is never listed");

  const system = t.client(token);
  const asKey = await system.get("/api/v1/auth/me");
  assert.equal(asKey.status, 403, "the key is recognised but has no profile");
  assert.equal((await system.get("/api/v1/users")).status, 403, "and only its own permissions");
  const lastUsed = await withTenant(
    t.database.db,
    t.a,
    (tx) => tx.selectFrom("core.api_keys").select("last_used_at").where("id", "=", key.id).executeTakeFirstOrThrow(),
  );
  assert.ok(lastUsed.last_used_at instanceof Date);

  const other = t.client();
  await other.signIn(otherAdmin.login, otherAdmin.password);
  assert.deepEqual((await (await other.get("/api/v1/api-keys")).json()).items, []);
  assert.equal((await other.delete(`/api/v1/api-keys/${key.id}`)).status, 404);

  assert.equal((await operator.delete(`/api/v1/api-keys/${key.id}`)).status, 204);
  assert.equal((await system.get("/api/v1/auth/me")).status, 401, "a revoked key is refused");
  assert.equal((await t.client("dk_garbage").get("/api/v1/auth/me")).status, 401);
});

Deno.test("changing the password ends the account's other sessions", async () => {
  await using t = await setup();
  const admin = await createUser(t.database, t.a, "operator_admin");
  const laptop = t.client();
  const phone = t.client();
  await laptop.signIn(admin.login, admin.password);
  await phone.signIn(admin.login, admin.password);
  const wrong = await laptop.post("/api/v1/auth/password", {
    currentPassword: "nope-nope-1",
    newPassword: "Another-good-77",
  });
  assert.equal(wrong.status, 422);
  assert.equal((await wrong.json()).errors[0].field, "currentPassword");
  assert.equal(
    (await laptop.post("/api/v1/auth/password", { currentPassword: admin.password, newPassword: "Another-good-77" }))
      .status,
    204,
  );
  assert.equal((await laptop.get("/api/v1/auth/me")).status, 200);
  assert.equal((await phone.get("/api/v1/auth/me")).status, 401);
  assert.equal((await t.client().signIn(admin.login, "Another-good-77")).status, 200);
});

Deno.test("every /api/v1 operation states who may call it", async () => {
  await using t = await setup();
  const doc = await (await t.app.request("/api/openapi.json")).json();
  const missing: string[] = [];
  let count = 0;
  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, Record<string, unknown>>>)) {
    if (!path.startsWith("/api/v1/")) continue;
    for (const [method, operation] of Object.entries(item)) {
      count++;
      if (typeof operation["x-permission"] !== "string") missing.push(`${method.toUpperCase()} ${path}`);
    }
  }
  assert.ok(count >= 10, `found ${count} operations`);
  assert.deepEqual(missing, []);
});
