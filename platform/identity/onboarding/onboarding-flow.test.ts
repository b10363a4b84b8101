/** Store self-onboarding over HTTP, from the application to the new owner seeing their store. */
import assert from "node:assert/strict";
import { sql } from "kysely";
import { TEST_PASSWORD } from "../../../tests/support/identity.ts";
import { listAudit } from "../../audit/list.ts";
import { withTenant } from "../../db/tenant.ts";
import { maskValue } from "../../privacy/pii.ts";
import { applicationBody, apply, CONTACT, setupOnboarding } from "./test-support.ts";

Deno.test("register → review masked → approve → invitation on the status page → owner signs in to their store", async () => {
  await using t = await setupOnboarding();
  const applicant = t.client();

  const districts = await (await applicant.get("/api/v1/public/districts")).json();
  assert.deepEqual(districts.map((d: { slug: string }) => d.slug), ["district-a", "district-b"]);
  assert.deepEqual(Object.keys(districts[0]).sort(), ["city", "nameEn", "nameZh", "slug"]);

  const body = applicationBody({ storeName: "彭城烤鸭", ownerLogin: "Duck-Owner" });
  const submitted = await apply(applicant, "district-a", body);
  assert.equal(submitted.status, "pending");
  assert.match(submitted.statusToken, /^sap_[A-Za-z0-9_-]{43}_[A-Za-z0-9_-]{32}$/);
  assert.ok(submitted.statusUrl.endsWith(`/apply/status/${submitted.statusToken}`));
  const statusPath = `/api/v1/public/store-applications/${submitted.statusToken}`;
  const pending = await (await applicant.get(statusPath)).json();
  assert.deepEqual(
    { ...pending, submittedAt: typeof pending.submittedAt },
    {
      status: "pending",
      storeName: "彭城烤鸭",
      district: { zh: "测试商圈1", en: "Test district 1" },
      submittedAt: "string",
      decidedAt: null,
      reason: null,
      invitationUrl: null,
    },
  );

  const admin = await t.as("operator_admin", t.a);
  const list = await (await admin.get("/api/v1/store-applications?status=pending")).json();
  assert.equal(list.items.length, 1);
  const item = list.items[0];
  assert.deepEqual(
    { ...item, submittedAt: typeof item.submittedAt },
    {
      id: submitted.applicationId,
      storeName: "彭城烤鸭",
      creditCode: body.creditCode,
      category: "catering",
      floor: "3F",
      unit: "C-302",
      areaM2: 86.5,
      staffCount: 6,
      contactName: maskValue("name", CONTACT.name),
      contactMobile: "138****5678",
      ownerLogin: "duck-owner",
      status: "pending",
      submittedAt: "string",
      decidedAt: null,
      reason: null,
    },
  );
  assert.ok(!JSON.stringify(list).includes(CONTACT.mobile), "the list never has the mobile in clear");
  assert.notEqual(item.contactName, CONTACT.name);

  const approved = await admin.post(`/api/v1/store-applications/${submitted.applicationId}/approve`);
  assert.equal(approved.status, 200);
  const { organisationId, invitationUrl } = await approved.json();
  assert.match(invitationUrl, /\/invite\/inv_/);
  assert.equal((await admin.post(`/api/v1/store-applications/${submitted.applicationId}/approve`)).status, 409);
  const rejectLate = await admin.post(`/api/v1/store-applications/${submitted.applicationId}/reject`, {
    reason: "太晚了",
  });
  assert.equal(rejectLate.status, 409, "a decided application cannot be rejected");

  const decided = await (await applicant.get(statusPath)).json();
  assert.equal(decided.status, "approved");
  assert.equal(typeof decided.decidedAt, "string");
  assert.equal(decided.invitationUrl, invitationUrl, "the applicant sees the same invitation link");
  const token = new URL(decided.invitationUrl).pathname.split("/invite/")[1];
  const stored = await withTenant(
    t.database.db,
    t.a,
    (tx) =>
      tx.selectFrom("core.store_applications").select("invitation_token_enc").where("id", "=", submitted.applicationId)
        .executeTakeFirstOrThrow(),
  );
  assert.ok(stored.invitation_token_enc?.startsWith("pii1."), "the invitation token is kept encrypted");
  // The secret is the token's last 32 characters (base64url may itself contain "_", so splitting on it is not safe).
  const secret = token.slice(-32);
  assert.ok(!String(stored.invitation_token_enc).includes(secret), "the secret is not stored in clear");

  const accepted = await applicant.post(`/api/v1/invitations/${token}/accept`, { password: TEST_PASSWORD });
  assert.equal(accepted.status, 200);
  assert.equal((await accepted.json()).login, "duck-owner");
  const after = await (await applicant.get(statusPath)).json();
  assert.equal(after.status, "approved");
  assert.equal(after.invitationUrl, null, "a used invitation is no longer shown");
  const erased = await withTenant(
    t.database.db,
    t.a,
    (tx) =>
      tx.selectFrom("core.store_applications").select("invitation_token_enc").where("id", "=", submitted.applicationId)
        .executeTakeFirstOrThrow(),
  );
  assert.equal(erased.invitation_token_enc, null, "and its encrypted token is erased");

  const owner = t.client();
  const me = await (await owner.signIn("duck-owner", TEST_PASSWORD)).json();
  assert.equal(me.organisationId, organisationId);
  assert.deepEqual(me.roles.map((r: { id: string }) => r.id), ["store_owner"]);
  const stores = await (await owner.get("/api/v1/stores")).json();
  assert.equal(stores.items.length, 1);
  assert.deepEqual(
    { ...stores.items[0], createdAt: typeof stores.items[0].createdAt },
    {
      id: organisationId,
      name: "彭城烤鸭",
      creditCode: body.creditCode,
      category: "catering",
      floor: "3F",
      unit: "C-302",
      areaM2: 86.5,
      staffCount: 6,
      status: "active",
      createdAt: "string",
    },
  );
  assert.equal((await owner.get("/api/v1/store-applications")).status, 403, "store owners do not review");

  const otherStore = await apply(t.client(), "district-a");
  await admin.post(`/api/v1/store-applications/${otherStore.applicationId}/approve`);
  const all = await (await admin.get("/api/v1/stores")).json();
  assert.equal(all.items.length, 2, "the operator sees every store of the district");
  assert.equal((await (await owner.get("/api/v1/stores")).json()).items.length, 1, "the owner still sees one");

  const audit = await withTenant(t.database.db, t.a, (tx) => listAudit(tx, {}));
  const actions = audit.entries.map((e) => `${e.actor.split(":")[0]} ${e.action}`);
  assert.ok(actions.includes("public store-application.submit"));
  assert.ok(actions.includes("user store-application.approve"));
  assert.ok(actions.includes("user user.invite"));
  assert.ok(!JSON.stringify(audit.entries).includes(CONTACT.mobile), "the audit log has no contact in clear");
});

Deno.test("a rejection and its reason show on the status page", async () => {
  await using t = await setupOnboarding();
  const submitted = await apply(t.client(), "district-a");
  const admin = await t.as("operator_admin", t.a);
  const url = `/api/v1/store-applications/${submitted.applicationId}/reject`;

  const noReason = await admin.post(url, {});
  assert.equal(noReason.status, 422);
  assert.equal((await noReason.json()).errors[0].field, "reason");
  const tooShort = await admin.post(url, { reason: " 不 " });
  assert.equal(tooShort.status, 422);
  assert.equal((await admin.post(url, { reason: "x".repeat(201) })).status, 422);

  const rejected = await admin.post(url, { reason: "营业执照照片不清晰，请重新提交" });
  assert.equal(rejected.status, 200);
  assert.deepEqual(await rejected.json(), {
    id: submitted.applicationId,
    status: "rejected",
    reason: "营业执照照片不清晰，请重新提交",
  });
  assert.equal((await admin.post(url, { reason: "再拒绝一次" })).status, 409);
  assert.equal((await admin.post(`/api/v1/store-applications/${submitted.applicationId}/approve`)).status, 409);

  const status = await (await t.client().get(`/api/v1/public/store-applications/${submitted.statusToken}`)).json();
  assert.equal(status.status, "rejected");
  assert.equal(status.reason, "营业执照照片不清晰，请重新提交");
  assert.equal(status.invitationUrl, null);
  assert.equal(typeof status.decidedAt, "string");

  const listed = await (await admin.get("/api/v1/store-applications?status=rejected")).json();
  assert.deepEqual(listed.items.map((i: { id: string }) => i.id), [submitted.applicationId]);
  assert.deepEqual((await (await admin.get("/api/v1/store-applications?status=pending")).json()).items, []);
  assert.equal((await admin.get("/api/v1/store-applications?status=maybe")).status, 422);

  const audit = await withTenant(t.database.db, t.a, (tx) => listAudit(tx, { action: "store-application.reject" }));
  assert.equal(audit.entries.length, 1);
  assert.equal(audit.entries[0].details.reason, "营业执照照片不清晰，请重新提交");

  assert.equal((await t.client().get(`/api/v1/public/store-applications/${submitted.statusToken}x`)).status, 404);
  const forged = submitted.statusToken.slice(0, -4) + "AAAA";
  assert.equal((await t.client().get(`/api/v1/public/store-applications/${forged}`)).status, 404);
});

Deno.test("the contact is stored encrypted with a blind index, and revealed in clear only with an audit entry", async () => {
  await using t = await setupOnboarding();
  const submitted = await apply(t.client(), "district-a");

  // The raw row, every column as the database holds it.
  const raw = await withTenant(
    t.database.db,
    t.a,
    (tx) =>
      sql<Record<string, unknown>>`select * from core.store_applications where id = ${submitted.applicationId}`
        .execute(tx),
  );
  const text = JSON.stringify(raw.rows[0]);
  assert.ok(!text.includes(CONTACT.mobile), "the mobile is not in the row in clear");
  assert.ok(!text.includes("1234 5678") && !text.includes('5678"'), "nor in the form it was typed");
  assert.ok(!text.includes(CONTACT.name), "nor the contact's name");
  assert.match(String(raw.rows[0].contact_mobile_enc), /^pii1\.phone\./);
  assert.match(String(raw.rows[0].contact_name_enc), /^pii1\.name\./);
  const index = await withTenant(
    t.database.db,
    t.a,
    async (tx) => (await t.keys.fieldCipher(tx)).blindIndex("phone", "+86 138-1234-5678"),
  );
  assert.equal(raw.rows[0].contact_mobile_index, index, "the blind index finds the application by mobile");

  const admin = await t.as("operator_admin", t.a);
  const contact = await admin.get(`/api/v1/store-applications/${submitted.applicationId}/contact`);
  assert.equal(contact.status, 200);
  assert.deepEqual(await contact.json(), {
    contactName: CONTACT.name,
    contactMobile: CONTACT.mobile,
    revealed: { contactName: true, contactMobile: true },
  });
  const reveals = await withTenant(t.database.db, t.a, (tx) => listAudit(tx, { action: "pii.reveal" }));
  assert.deepEqual(reveals.entries.map((e) => e.details.type).sort(), ["name", "phone"]);
  assert.ok(reveals.entries.every((e) => e.target === `store-application:${submitted.applicationId}`));
  assert.ok(!JSON.stringify(reveals.entries).includes(CONTACT.mobile), "the audit entry names the kind, not the value");

  const staff = await t.as("operator_staff", t.a);
  assert.equal((await staff.get(`/api/v1/store-applications/${submitted.applicationId}/contact`)).status, 403);
  assert.equal(
    (await admin.get("/api/v1/store-applications/0190a0a0-0000-7000-8000-000000000000/contact")).status,
    404,
  );
});

Deno.test("the review list masks contacts with the district's own masking rules", async () => {
  await using t = await setupOnboarding();
  await apply(t.client(), "district-a", applicationBody({ storeName: "掩码测试店", ownerLogin: "mask-owner" }));
  const admin = await t.as("operator_admin", t.a);
  const before = (await (await admin.get("/api/v1/store-applications?status=pending")).json()).items[0];
  assert.equal(before.contactMobile, "138****5678");
  const set = await admin.request("PUT", "/api/v1/privacy/masking", { phone: { keepStart: 3, keepEnd: 2 } });
  assert.equal(set.status, 200);
  const after = (await (await admin.get("/api/v1/store-applications?status=pending")).json()).items[0];
  assert.equal(after.contactMobile, "138******78", "the district chose to show less");
});
