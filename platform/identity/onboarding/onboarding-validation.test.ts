/** What an application must get right: the shared identifier checks, free credit code and login, a real district. */
import assert from "node:assert/strict";
import { createStore, createUser } from "../../../tests/support/identity.ts";
import { withTenant } from "../../db/tenant.ts";
import { validate } from "../../privacy/pii.ts";
import { STORE_CATEGORIES } from "../store-categories.ts";
import { applicationBody, apply, creditCode, setupOnboarding, withWrongChecksum } from "./test-support.ts";

const path = (slug: string) => `/api/v1/public/districts/${slug}/store-applications`;

async function fields(res: Response): Promise<Record<string, string>> {
  assert.match(res.headers.get("content-type") ?? "", /problem\+json/);
  const body = await res.json();
  return Object.fromEntries(body.errors.map((e: { field: string; message: string }) => [e.field, e.message]));
}

Deno.test("a wrong credit code checksum and a bad mobile are refused with the shared messages, field by field", async () => {
  await using t = await setupOnboarding();
  const code = withWrongChecksum(creditCode());
  const res = await t.client().post(
    path("district-a"),
    applicationBody({ creditCode: code, contactMobile: "1381234567", contactName: "" }),
  );
  assert.equal(res.status, 422);
  const problems = await fields(res);
  assert.deepEqual(Object.keys(problems).sort(), ["contactMobile", "contactName", "creditCode"]);
  assert.equal(problems.creditCode, (validate("creditCode", code) as { message: string }).message);
  assert.match(problems.creditCode, /check character/);
  assert.equal(problems.contactMobile, (validate("phone", "1381234567") as { message: string }).message);

  const more = await fields(
    await t.client().post(
      path("district-a"),
      applicationBody({
        category: "casino",
        areaM2: 0,
        staffCount: 2.5,
        ownerLogin: "x",
        storeName: " ",
        contactMobile: "02583334444",
      }),
    ),
  );
  assert.deepEqual(Object.keys(more).sort(), [
    "areaM2",
    "category",
    "contactMobile",
    "ownerLogin",
    "staffCount",
    "storeName",
  ]);
  assert.equal((await t.client().post(path("district-a"), {})).status, 422);

  const none = await withTenant(
    t.database.db,
    t.a,
    (tx) => tx.selectFrom("core.store_applications").select("id").execute(),
  );
  assert.deepEqual(none, [], "nothing is stored for a refused application");
});

Deno.test("identifiers come out normalised: full-width credit code, +86 mobile, upper-case login", async () => {
  await using t = await setupOnboarding();
  const code = creditCode();
  const fullWidth = [...code].map((ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)).join("");
  const submitted = await apply(
    t.client(),
    "district-a",
    applicationBody({ creditCode: fullWidth, contactMobile: "+86 138-1234-5678", ownerLogin: "  Mixed.Case  " }),
  );
  const row = await withTenant(
    t.database.db,
    t.a,
    (tx) =>
      tx.selectFrom("core.store_applications").select(["credit_code", "owner_login", "area_m2"])
        .where("id", "=", submitted.applicationId).executeTakeFirstOrThrow(),
  );
  assert.deepEqual({ ...row, area_m2: Number(row.area_m2) }, {
    credit_code: code,
    owner_login: "mixed.case",
    area_m2: 86.5,
  });
});

Deno.test("a credit code of a store or of a pending application in the district is refused with 409", async () => {
  await using t = await setupOnboarding();
  const code = creditCode();
  await apply(t.client(), "district-a", applicationBody({ creditCode: code }));

  const twice = await t.client().post(path("district-a"), applicationBody({ creditCode: code }));
  assert.equal(twice.status, 409);
  assert.deepEqual(Object.keys(await fields(twice)), ["creditCode"]);
  const elsewhere = await t.client().post(path("district-b"), applicationBody({ creditCode: code }));
  assert.equal(elsewhere.status, 201, "another district is another register");

  const storeCode = creditCode();
  const store = await createStore(t.database, t.a, "已入驻门店");
  await withTenant(
    t.database.db,
    t.a,
    (tx) => tx.updateTable("core.organisations").set({ credit_code: storeCode }).where("id", "=", store).execute(),
  );
  const existing = await t.client().post(path("district-a"), applicationBody({ creditCode: storeCode }));
  assert.equal(existing.status, 409);
  assert.match((await existing.json()).errors[0].message, /store with this credit code/);

  // The database refuses a second pending application even when the check is skipped.
  await assert.rejects(
    withTenant(t.database.db, t.a, async (tx) => {
      const first = await tx.selectFrom("core.store_applications").selectAll().where("credit_code", "=", code)
        .executeTakeFirstOrThrow();
      await tx.insertInto("core.store_applications").values({ ...first, id: crypto.randomUUID() }).execute();
    }),
    /store_applications_pending_credit_code/,
  );
});

Deno.test("the owner's login must be free; an unknown or malformed district is 404", async () => {
  await using t = await setupOnboarding();
  const someone = await createUser(t.database, t.b, "operator_staff");
  const taken = await t.client().post(path("district-a"), applicationBody({ ownerLogin: someone.login }));
  assert.equal(taken.status, 409);
  assert.deepEqual(Object.keys(await fields(taken)), ["ownerLogin"]);

  await apply(t.client(), "district-a", applicationBody({ ownerLogin: "wanted-login" }));
  const pendingLogin = await t.client().post(path("district-a"), applicationBody({ ownerLogin: "Wanted-Login" }));
  assert.equal(pendingLogin.status, 409, "a login waiting in another application of the district is taken too");

  const unknown = await t.client().post(path("no-such-district"), applicationBody());
  assert.equal(unknown.status, 404);
  assert.match(unknown.headers.get("content-type") ?? "", /problem\+json/);
  assert.equal((await t.client().post(path("Bad_Slug!"), applicationBody())).status, 404);
});

Deno.test("the business categories are data, and the public lists need no sign-in", async () => {
  await using t = await setupOnboarding();
  assert.deepEqual(STORE_CATEGORIES.map((c) => c.id), [
    "retail",
    "catering",
    "services",
    "entertainment",
    "culture",
    "education",
    "health",
    "other",
  ]);
  assert.equal(STORE_CATEGORIES.find((c) => c.id === "services")?.zh, "生活服务");
  const listed = await (await t.client().get("/api/v1/public/store-categories")).json();
  assert.deepEqual(listed, STORE_CATEGORIES);
  for (const category of STORE_CATEGORIES) {
    await apply(t.client(), "district-a", applicationBody({ category: category.id }));
  }
});
