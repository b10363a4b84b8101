import assert from "node:assert/strict";
import { openTestDatabase } from "../../tests/support/test-db.ts";
import { withPlatform, withTenant } from "../db/tenant.ts";
import { provisionTenants } from "./provision.ts";
import { loadTenantCatalogue } from "./tenant-definitions.ts";

Deno.test("provisioning is idempotent and applies changes to existing districts", async () => {
  await using database = await openTestDatabase();
  const catalogue = await loadTenantCatalogue();
  const first = await provisionTenants(database.db, catalogue);
  assert.deepEqual(first.tenants.created.sort(), ["beijing-wangfujing", "xuzhou-pengcheng"]);
  assert.deepEqual(first.plans.created.sort(), ["basic", "flagship", "standard"]);

  const second = await provisionTenants(database.db, catalogue);
  assert.deepEqual(second.tenants.created, []);
  assert.deepEqual(second.tenants.updated, []);
  assert.deepEqual(second.tenants.unchanged.sort(), ["beijing-wangfujing", "xuzhou-pengcheng"]);
  assert.deepEqual(second.tenantIds, first.tenantIds, "ids are stable");

  const renamed = {
    ...catalogue,
    tenants: catalogue.tenants.map((t) =>
      t.slug === "xuzhou-pengcheng"
        ? { ...t, name: { ...t.name, zh: "徐州彭城广场智慧商圈" }, plugins: ["parking"] }
        : t
    ),
  };
  const third = await provisionTenants(database.db, renamed);
  assert.deepEqual(third.tenants.updated, ["xuzhou-pengcheng"]);
  const xuzhou = first.tenantIds["xuzhou-pengcheng"];
  const row = await withTenant(
    database.db,
    xuzhou,
    (tx) => tx.selectFrom("core.tenants").select(["name_zh", "plan_id", "time_zone"]).executeTakeFirstOrThrow(),
  );
  assert.deepEqual(row, { name_zh: "徐州彭城广场智慧商圈", plan_id: "flagship", time_zone: "Asia/Shanghai" });
  const plugins = await withTenant(
    database.db,
    xuzhou,
    (tx) => tx.selectFrom("core.tenant_plugins").select(["plugin_id", "enabled"]).execute(),
  );
  // The added plugin is switched on; those the first definition enabled stay on (provisioning never disables).
  assert.deepEqual(plugins.sort((x, y) => x.plugin_id.localeCompare(y.plugin_id)), [
    { plugin_id: "membership", enabled: true },
    { plugin_id: "parking", enabled: true },
    { plugin_id: "satisfaction", enabled: true },
  ]);

  const count = await withPlatform(
    database.db,
    { actor: "test", purpose: "count tenants" },
    (tx) => tx.selectFrom("core.tenants").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  );
  assert.equal(Number(count.n), 2);
});
