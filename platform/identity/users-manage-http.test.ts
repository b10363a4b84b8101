/**
 * Managing people after inviting them, over HTTP: changing roles, disabling and re-enabling (per district), and
 * re-issuing invitations — who may, what is refused, what is audited, and that other districts see nothing.
 */
import assert from "node:assert/strict";
import { createTestApp } from "../../tests/support/app.ts";
import { TestClient } from "../../tests/support/http.ts";
import { createStore, createUser, TEST_PASSWORD } from "../../tests/support/identity.ts";
import { createTestTenants } from "../../tests/support/tenants.ts";
import { openTestDatabase } from "../../tests/support/test-db.ts";
import { listAudit } from "../audit/list.ts";
import { withTenant } from "../db/tenant.ts";
import { resolveSession } from "./sessions.ts";
import { withAuth } from "./with-auth.ts";
import { updateMember } from "./users.ts";

async function setup() {
  const database = await openTestDatabase();
  const [a, b] = await createTestTenants(database, 2);
  const { app, jobs } = await createTestApp(database, { logLevel: "error" });
  const signedIn = async (user: { login: string; password: string }, district?: string) => {
    const client = new TestClient(app);
    const res = await client.signIn(user.login, user.password, district);
    assert.equal(res.status, 200, `sign-in of ${user.login}`);
    return client;
  };
  return {
    database,
    a,
    b,
    client: () => new TestClient(app),
    signedIn,
    audit: (tenant: string, action: string) =>
      withTenant(database.db, tenant, (tx) => listAudit(tx, { action })).then((page) => page.entries),
    [Symbol.asyncDispose]: async () => {
      await jobs.close();
      await database.close();
    },
  };
}

async function fieldOf(res: Response): Promise<string> {
  return (await res.json()).errors[0].field;
}

Deno.test("operator admins change roles within the person's organisation; the change is audited", async () => {
  await using t = await setup();
  const admin = await createUser(t.database, t.a, "operator_admin");
  const staff = await createUser(t.database, t.a, "operator_staff");
  const store = await createStore(t.database, t.a);
  const clerk = await createUser(t.database, t.a, "store_staff", { organisationId: store });
  const operator = await t.signedIn(admin);
  const staffClient = await t.signedIn(staff);

  const promoted = await operator.patch(`/api/v1/users/${staff.accountId}`, { role: "operator_admin" });
  assert.equal(promoted.status, 200);
  assert.equal((await promoted.json()).role, "operator_admin");
  const me = await (await staffClient.get("/api/v1/auth/me")).json();
  assert.ok(me.permissions.includes("users:manage"), "the new role applies to the open session at once");

  const wrongKind = await operator.patch(`/api/v1/users/${staff.accountId}`, { role: "store_staff" });
  assert.equal(wrongKind.status, 422, "an operator cannot become store staff without a store");
  assert.equal(await fieldOf(wrongKind), "role");
  const wrongKind2 = await operator.patch(`/api/v1/users/${clerk.accountId}`, { role: "operator_staff" });
  assert.equal(wrongKind2.status, 422, "store staff stay with their store");
  assert.equal((await operator.patch(`/api/v1/users/${clerk.accountId}`, { role: "store_owner" })).status, 200);
  assert.equal((await operator.patch(`/api/v1/users/${clerk.accountId}`, { role: "boss" })).status, 422);

  const entries = await t.audit(t.a, "user.role-change");
  assert.deepEqual(
    entries.map((e) => [e.actor, e.target, e.details]).sort((x, y) => String(x[1]).localeCompare(String(y[1]))),
    [
      [`user:${admin.accountId}`, `account:${staff.accountId}`, {
        from: "operator_staff",
        to: "operator_admin",
        organisationId: staff.organisationId,
      }],
      [`user:${admin.accountId}`, `account:${clerk.accountId}`, {
        from: "store_staff",
        to: "store_owner",
        organisationId: store,
      }],
    ].sort((x, y) => String(x[1]).localeCompare(String(y[1]))),
  );
});

Deno.test("nobody demotes or disables themselves, and the district keeps an active operator admin", async () => {
  await using t = await setup();
  const admin = await createUser(t.database, t.a, "operator_admin");
  const second = await createUser(t.database, t.a, "operator_admin");
  const operator = await t.signedIn(admin);
  const secondClient = await t.signedIn(second);

  const demoteSelf = await operator.patch(`/api/v1/users/${admin.accountId}`, { role: "operator_staff" });
  assert.equal(demoteSelf.status, 422);
  assert.equal(await fieldOf(demoteSelf), "role");
  const disableSelf = await operator.patch(`/api/v1/users/${admin.accountId}`, { disabled: true });
  assert.equal(disableSelf.status, 422);
  assert.equal(await fieldOf(disableSelf), "disabled");
  assert.equal((await operator.patch(`/api/v1/users/${admin.accountId}`, { role: "operator_admin" })).status, 200);

  // The second admin's principal is read before the first demotes them: two admins demoting each other at once.
  const token = /district_session=([^;]*)/.exec(secondClient.cookie!)![1];
  const stale = await resolveSession(t.database.db, token);
  assert.equal((await operator.patch(`/api/v1/users/${second.accountId}`, { role: "operator_staff" })).status, 200);
  await assert.rejects(
    updateMember(t.database.db, { ...stale!, tenantId: t.a }, admin.accountId, { disabled: true }),
    (error: Error & { status?: number; field?: string }) => error.status === 409 && error.field === "disabled",
  );
  await assert.rejects(
    updateMember(t.database.db, { ...stale!, tenantId: t.a }, admin.accountId, { role: "operator_staff" }),
    (error: Error & { status?: number; field?: string }) => error.status === 409 && error.field === "role",
  );
  assert.equal((await secondClient.patch(`/api/v1/users/${admin.accountId}`, { disabled: true })).status, 403);
  const admins = await withTenant(
    t.database.db,
    t.a,
    (tx) =>
      tx.selectFrom("core.memberships").select("account_id").where("role", "=", "operator_admin")
        .where("status", "=", "active").execute(),
  );
  assert.deepEqual(admins.map((m) => m.account_id), [admin.accountId]);
});

Deno.test("disabling ends the person's sessions in the district and refuses sign-in there; enabling restores it", async () => {
  await using t = await setup();
  const admin = await createUser(t.database, t.a, "operator_admin");
  const staff = await createUser(t.database, t.a, "operator_staff");
  const operator = await t.signedIn(admin);
  const laptop = await t.signedIn(staff);
  const phone = await t.signedIn(staff);

  const disabled = await operator.patch(`/api/v1/users/${staff.accountId}`, { disabled: true });
  assert.equal(disabled.status, 200);
  assert.equal((await disabled.json()).status, "disabled");
  assert.equal((await laptop.get("/api/v1/auth/me")).status, 401);
  assert.equal((await phone.get("/api/v1/users")).status, 401);
  const sessions = await withAuth(
    t.database.db,
    (tx) => tx.selectFrom("core.sessions").select("token_hash").where("account_id", "=", staff.accountId).execute(),
  );
  assert.deepEqual(sessions, [], "the session rows are gone");
  const refused = await t.client().signIn(staff.login, staff.password);
  assert.equal(refused.status, 403);
  assert.equal((await refused.json()).detail, "this account is disabled");
  assert.equal((await t.client().signIn(staff.login, staff.password, "district-a")).status, 403);
  assert.equal((await t.client().signIn(staff.login, "wrong-password-1")).status, 401, "a wrong password says less");
  const listed = await (await operator.get("/api/v1/users")).json();
  assert.equal(listed.items.find((u: { accountId: string }) => u.accountId === staff.accountId).status, "disabled");

  const enabled = await operator.patch(`/api/v1/users/${staff.accountId}`, { disabled: false });
  assert.equal(enabled.status, 200);
  assert.equal((await enabled.json()).status, "active");
  const back = await t.client().signIn(staff.login, staff.password);
  assert.equal(back.status, 200);
  assert.equal((await back.json()).districtId, t.a);

  assert.deepEqual((await t.audit(t.a, "user.disable")).map((e) => [e.actor, e.target]), [
    [`user:${admin.accountId}`, `account:${staff.accountId}`],
  ]);
  assert.deepEqual((await t.audit(t.a, "user.enable")).map((e) => [e.actor, e.target]), [
    [`user:${admin.accountId}`, `account:${staff.accountId}`],
  ]);
  assert.equal((await t.audit(t.a, "auth.sign-in-refused")).length, 2);
});

Deno.test("disabled in one district, a person still works in another", async () => {
  await using t = await setup();
  const adminA = await createUser(t.database, t.a, "operator_admin");
  const person = await createUser(t.database, t.a, "operator_staff");
  await withTenant(t.database.db, t.b, async (tx) => {
    const operatorB = await tx.selectFrom("core.organisations").select("id").where("kind", "=", "operator")
      .executeTakeFirstOrThrow();
    await tx.insertInto("core.memberships").values({
      tenant_id: t.b,
      account_id: person.accountId,
      role: "operator_staff",
      organisation_id: operatorB.id,
    }).execute();
  });
  const inB = await t.signedIn(person, "district-b");
  const operator = await t.signedIn(adminA);
  assert.equal((await operator.patch(`/api/v1/users/${person.accountId}`, { disabled: true })).status, 200);

  const me = await inB.get("/api/v1/auth/me");
  assert.equal(me.status, 200, "the session acting in the other district goes on");
  const profile = await me.json();
  assert.deepEqual(profile.districts.map((d: { id: string }) => d.id), [t.b], "the disabled district is not offered");
  const sw = await inB.post("/api/v1/auth/district", { districtId: t.a });
  assert.equal(sw.status, 404, "and cannot be switched to");
  assert.equal((await t.client().signIn(person.login, person.password, "district-a")).status, 403);
  const plain = await t.client().signIn(person.login, person.password);
  assert.equal(plain.status, 200, "without a district named, the person lands where they are still active");
  assert.equal((await plain.json()).districtId, t.b);
});

Deno.test("store owners manage their own store's people only; other districts get 404", async () => {
  await using t = await setup();
  const admin = await createUser(t.database, t.a, "operator_admin");
  const staff = await createUser(t.database, t.a, "operator_staff");
  const storeA = await createStore(t.database, t.a, "甲店");
  const storeB = await createStore(t.database, t.a, "乙店");
  const owner = await createUser(t.database, t.a, "store_owner", { organisationId: storeA });
  const clerk = await createUser(t.database, t.a, "store_staff", { organisationId: storeA });
  const otherClerk = await createUser(t.database, t.a, "store_staff", { organisationId: storeB });
  const otherAdmin = await createUser(t.database, t.b, "operator_admin");
  const ownerClient = await t.signedIn(owner);

  assert.equal((await ownerClient.patch(`/api/v1/users/${clerk.accountId}`, { role: "store_owner" })).status, 200);
  assert.equal((await ownerClient.patch(`/api/v1/users/${clerk.accountId}`, { disabled: true })).status, 200);
  assert.equal((await ownerClient.patch(`/api/v1/users/${otherClerk.accountId}`, { disabled: true })).status, 404);
  assert.equal((await ownerClient.patch(`/api/v1/users/${admin.accountId}`, { disabled: true })).status, 404);
  const demoteSelf = await ownerClient.patch(`/api/v1/users/${owner.accountId}`, { role: "store_staff" });
  assert.equal(demoteSelf.status, 422);
  assert.equal(await fieldOf(demoteSelf), "role");

  const staffClient = await t.signedIn(staff);
  assert.equal((await staffClient.patch(`/api/v1/users/${clerk.accountId}`, { disabled: false })).status, 403);

  const other = await t.signedIn(otherAdmin);
  for (const target of [clerk, admin]) {
    assert.equal((await other.patch(`/api/v1/users/${target.accountId}`, { disabled: true })).status, 404);
    assert.equal((await other.patch(`/api/v1/users/${target.accountId}`, { role: "operator_staff" })).status, 404);
    assert.equal((await other.post(`/api/v1/users/${target.accountId}/invitation`)).status, 404);
  }
  const statuses = await (await t.signedIn(admin)).get("/api/v1/users").then((r) => r.json());
  assert.equal(
    statuses.items.find((u: { accountId: string }) => u.accountId === admin.accountId).status,
    "active",
    "another district's admin changed nothing",
  );
  assert.equal((await t.audit(t.b, "user.disable")).length, 0);
});

Deno.test("re-issuing an invitation invalidates the old link and shows the new one once", async () => {
  await using t = await setup();
  const admin = await createUser(t.database, t.a, "operator_admin");
  const store = await createStore(t.database, t.a);
  const operator = await t.signedIn(admin);
  const invited = await (await operator.post("/api/v1/users/invitations", {
    login: "late-owner",
    displayName: "迟到的店长",
    role: "store_owner",
    organisationId: store,
  })).json();
  const oldToken = invited.invitationUrl.split("/invite/")[1];

  const again = await operator.post(`/api/v1/users/${invited.accountId}/invitation`);
  assert.equal(again.status, 201);
  const renewed = await again.json();
  assert.equal(renewed.accountId, invited.accountId);
  const newToken = renewed.invitationUrl.split("/invite/")[1];
  assert.notEqual(newToken, oldToken);
  assert.ok(!JSON.stringify(await (await operator.get("/api/v1/users")).json()).includes(newToken.slice(-20)));

  const anonymous = t.client();
  assert.equal((await (await anonymous.get(`/api/v1/invitations/${oldToken}`)).json()).expired, true);
  assert.equal(
    (await anonymous.post(`/api/v1/invitations/${oldToken}/accept`, { password: TEST_PASSWORD })).status,
    409,
  );
  assert.equal(
    (await anonymous.post(`/api/v1/invitations/${newToken}/accept`, { password: TEST_PASSWORD })).status,
    200,
  );
  assert.equal((await t.client().signIn("late-owner", TEST_PASSWORD)).status, 200);

  const accepted = await operator.post(`/api/v1/users/${invited.accountId}/invitation`);
  assert.equal(accepted.status, 409, "once they have a password there is nothing to re-send");
  assert.equal(await fieldOf(accepted), "accountId");
  assert.equal((await t.audit(t.a, "user.reinvite")).length, 1);

  const staff = await t.signedIn(await createUser(t.database, t.a, "operator_staff"));
  assert.equal((await staff.post(`/api/v1/users/${invited.accountId}/invitation`)).status, 403);
});
