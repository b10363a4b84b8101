import assert from "node:assert/strict";
import { checkCatalogue, DefinitionError, loadTenantCatalogue, TenantDefinition } from "./tenant-definitions.ts";

Deno.test("the shipped tenants/ folder is valid and has two demo districts in different cities", async () => {
  const catalogue = await loadTenantCatalogue();
  assert.deepEqual(catalogue.tenants.map((t) => t.slug).sort(), ["beijing-wangfujing", "xuzhou-pengcheng"]);
  assert.deepEqual(new Set(catalogue.tenants.map((t) => t.city)), new Set(["徐州市", "北京市"]));
});

Deno.test("a definition with problems is refused with every problem named", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(
      `${dir}/plans.json`,
      JSON.stringify([{ id: "basic", name: { zh: "基础版", en: "Basic" }, plugins: ["parking"] }]),
    );
    await Deno.writeTextFile(
      `${dir}/bad.json`,
      JSON.stringify({
        slug: "Bad Slug",
        name: { zh: "", en: "x" },
        city: "徐州市",
        plan: "basic",
        timeZone: "Mars/Base",
        extra: 1,
      }),
    );
    await Deno.writeTextFile(`${dir}/broken.json`, "{");
    await assert.rejects(loadTenantCatalogue(new URL(`file://${dir}/`)), (error: unknown) => {
      assert.ok(error instanceof DefinitionError);
      assert.match(error.message, /tenants\/bad.json: slug must be lower-case letters, digits and dashes/);
      assert.match(error.message, /tenants\/bad.json: name.zh needs a Chinese name/);
      assert.match(error.message, /tenants\/bad.json: timeZone must be an IANA time zone/);
      assert.match(error.message, /tenants\/bad.json: .*extra/);
      assert.match(error.message, /tenants\/broken.json: not valid JSON/);
      return true;
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("plans are enforced: unknown plans and plugins outside the plan are refused", () => {
  const tenant = TenantDefinition.parse({
    slug: "district-x",
    name: { zh: "某商圈", en: "X" },
    city: "徐州市",
    plan: "basic",
    plugins: ["logistics"],
  });
  assert.equal(tenant.timeZone, "Asia/Shanghai");
  const plans = [{ id: "basic", name: { zh: "基础版", en: "Basic" }, plugins: ["parking"] }];
  assert.throws(() => checkCatalogue({ plans, tenants: [tenant] }), /plan basic does not include plugin "logistics"/);
  assert.throws(
    () => checkCatalogue({ plans, tenants: [{ ...tenant, plan: "gold", plugins: [] }] }),
    /unknown plan "gold" \(known: basic\)/,
  );
  assert.throws(
    () => checkCatalogue({ plans, tenants: [{ ...tenant, plugins: [] }, { ...tenant, plugins: [] }] }),
    /defined twice/,
  );
});
