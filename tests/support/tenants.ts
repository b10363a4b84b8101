/** Test districts provisioned through the real provisioning code. */
import type { Database } from "../../platform/db/database.ts";
import { provisionTenants } from "../../platform/identity/provision.ts";

export const TEST_PLAN = {
  id: "test-plan",
  name: { zh: "测试版", en: "Test plan" },
  plugins: ["parking", "membership", "credit", "analytics", "gov-reporting", "logistics"],
};

/** Creates districts named district-a, district-b … and returns their ids in that order. */
export async function createTestTenants(database: Database, count = 2): Promise<string[]> {
  const slugs = Array.from({ length: count }, (_, i) => `district-${String.fromCharCode(97 + i)}`);
  const report = await provisionTenants(database.db, {
    plans: [TEST_PLAN],
    tenants: slugs.map((slug, i) => ({
      slug,
      name: { zh: `测试商圈${i + 1}`, en: `Test district ${i + 1}` },
      city: "徐州市",
      plan: TEST_PLAN.id,
      timeZone: "Asia/Shanghai",
      plugins: [],
    })),
  });
  return slugs.map((slug) => report.tenantIds[slug]);
}
