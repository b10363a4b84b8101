/** The bureau's overview: only its jurisdiction, counts only, and no way into a district's own routes. */
import assert from "node:assert/strict";
import { TestClient } from "../../../tests/support/http.ts";
import { TEST_PLAN } from "../../../tests/support/tenants.ts";
import { withPlatform } from "../../db/tenant.ts";
import { provisionTenants } from "../provision.ts";
import { apply, createPlatformPerson, setupOnboarding } from "./test-support.ts";

Deno.test("a bureau officer sees the districts of their jurisdiction with counts, and nothing of a district", async () => {
  await using t = await setupOnboarding(3);
  await provisionTenants(t.database.db, {
    plans: [TEST_PLAN],
    tenants: ["a", "b", "c"].map((x, i) => ({
      slug: `district-${x}`,
      name: { zh: `测试商圈${i + 1}`, en: `Test district ${i + 1}` },
      city: "徐州市",
      plan: TEST_PLAN.id,
      timeZone: "Asia/Shanghai",
      plugins: [],
    })),
    bureaus: [
      {
        slug: "xuzhou-bureau",
        name: { zh: "徐州市商务局", en: "Xuzhou bureau" },
        city: "徐州市",
        districts: ["district-a", "district-b"],
      },
      {
        slug: "other-bureau",
        name: { zh: "其他商务局", en: "Other bureau" },
        city: "其他市",
        districts: ["district-c"],
      },
    ],
  });
  const first = await apply(t.client(), "district-a");
  await apply(t.client(), "district-a");
  await apply(t.client(), "district-c");
  const admin = await t.as("operator_admin", t.a);
  await admin.post(`/api/v1/store-applications/${first.applicationId}/approve`);

  const person = await createPlatformPerson(t.database, "bureau_officer", "xuzhou-bureau");
  const officer = new TestClient(t.app);
  assert.equal((await officer.signIn(person.login, person.password)).status, 200);
  const res = await officer.get("/api/v1/bureau/districts");
  assert.equal(res.status, 200);
  const { items } = await res.json();
  assert.deepEqual(items, [
    {
      id: t.tenants[0],
      slug: "district-a",
      nameZh: "测试商圈1",
      nameEn: "Test district 1",
      city: "徐州市",
      plan: TEST_PLAN.id,
      stores: 1,
      pendingApplications: 1,
    },
    {
      id: t.tenants[1],
      slug: "district-b",
      nameZh: "测试商圈2",
      nameEn: "Test district 2",
      city: "徐州市",
      plan: TEST_PLAN.id,
      stores: 0,
      pendingApplications: 0,
    },
  ]);

  for (
    const url of [
      "/api/v1/store-applications",
      "/api/v1/stores",
      `/api/v1/store-applications/${first.applicationId}/contact`,
      "/api/v1/users",
    ]
  ) {
    assert.equal((await officer.get(url)).status, 403, url);
  }
  assert.equal((await officer.post(`/api/v1/store-applications/${first.applicationId}/approve`)).status, 403);

  const used = await withPlatform(
    t.database.db,
    { actor: "system:test", purpose: "read the access log" },
    (tx) => tx.selectFrom("core.platform_access_log").select(["actor", "purpose"]).execute(),
  );
  assert.ok(used.some((u) => u.purpose === "bureau district overview" && u.actor.startsWith("user:")));

  const platformAdmin = await createPlatformPerson(t.database, "platform_admin");
  const platform = new TestClient(t.app);
  await platform.signIn(platformAdmin.login, platformAdmin.password);
  const everything = await (await platform.get("/api/v1/bureau/districts")).json();
  assert.deepEqual(everything.items.map((d: { slug: string }) => d.slug), ["district-a", "district-b", "district-c"]);
  assert.equal(everything.items[2].pendingApplications, 1);

  assert.equal((await admin.get("/api/v1/bureau/districts")).status, 403, "district operators are not the bureau");
});
