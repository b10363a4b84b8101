/** The satisfaction plugin end to end: surveys, public answers, rates, its job, and its event handler. */
import assert from "node:assert/strict";
import { storeApproved } from "../../platform/sdk.ts";
import { TestClient } from "../../tests/support/http.ts";
import { pluginTestBed } from "../../tests/support/plugin-test-bed.ts";
import plugin from "./plugin.ts";

const base = "/api/v1/plugins/satisfaction";

Deno.test("satisfaction: an operator opens a survey, consumers answer publicly, the rate follows", async () => {
  await using bed = await pluginTestBed(plugin, { config: { targetPercent: 85 } });
  const admin = await bed.signIn("operator_admin");
  const created = await admin.post(`${base}/surveys`, { title: "十一月商圈满意度" });
  assert.equal(created.status, 201);
  const { id } = await created.json();

  const consumer = new TestClient(bed.app.app);
  const survey = await (await consumer.get(`${base}/public/home/surveys/${id}`)).json();
  assert.deepEqual(survey, { id, title: "十一月商圈满意度", open: true });
  for (const rating of [5, 5, 4, 4, 3, 3, 5, 4, 2, 1]) {
    assert.equal((await consumer.post(`${base}/public/home/surveys/${id}/responses`, { rating })).status, 201);
  }
  const bad = await consumer.post(`${base}/public/home/surveys/${id}/responses`, { rating: 6 });
  assert.equal(bad.status, 422);
  assert.equal((await bad.json()).errors[0].field, "rating");

  const list = await (await admin.get(`${base}/surveys`)).json();
  assert.equal(list.items.length, 1);
  assert.deepEqual(
    { total: list.items[0].results.total, rate: list.items[0].results.rate, meets: list.items[0].results.meetsTarget },
    { total: 10, rate: 80, meets: false },
  );

  const below = await bed.withTenant(
    bed.database.db,
    bed.districts.home,
    (tx) =>
      tx.selectFrom("core.event_outbox").select(["type", "payload"]).where("type", "=", "satisfaction.below-target")
        .execute(),
  );
  // After nine answers 8/9 = 88.9 % meets the target; the tenth (a 1) takes it to 8/10 = 80 %.
  assert.equal(below.length, 1, "announced once, when the rate first fell below the target");
  assert.deepEqual(below[0].payload, { surveyId: id, rate: 80, targetPercent: 85, responses: 10 });

  const audit = await bed.withTenant(
    bed.database.db,
    bed.districts.home,
    (tx) => tx.selectFrom("core.audit_log").select("action").where("action", "=", "satisfaction.survey-open").execute(),
  );
  assert.equal(audit.length, 1);
});

Deno.test("satisfaction: who may do what, and other districts see nothing", async () => {
  await using bed = await pluginTestBed(plugin);
  const admin = await bed.signIn("operator_admin");
  const { id } = await (await admin.post(`${base}/surveys`, { title: "门店服务调查" })).json();
  const staff = await bed.signIn("operator_staff");
  assert.equal((await staff.get(`${base}/surveys`)).status, 200);
  assert.equal((await staff.post(`${base}/surveys`, { title: "不允许" })).status, 403);
  const store = await bed.store();
  const owner = await bed.signIn("store_owner", "home", store);
  assert.equal((await owner.get(`${base}/surveys`)).status, 403);
  assert.equal((await new TestClient(bed.app.app).get(`${base}/surveys`)).status, 401);

  const otherAdmin = await bed.signIn("operator_admin", "other");
  assert.equal((await otherAdmin.get(`${base}/surveys`)).status, 404, "the plugin is off in the other district");
  const consumer = new TestClient(bed.app.app);
  assert.equal((await consumer.get(`${base}/public/other/surveys/${id}`)).status, 404);
  assert.equal((await consumer.get(`${base}/public/nowhere/surveys/${id}`)).status, 404);

  await bed.app.plugins!.enable({ tenantId: bed.districts.other, pluginId: "satisfaction", actor: "system:test" });
  assert.deepEqual(
    (await (await otherAdmin.get(`${base}/surveys`)).json()).items,
    [],
    "on, but empty: A's survey stays A's",
  );
  assert.equal((await consumer.get(`${base}/public/other/surveys/${id}`)).status, 404);
  assert.equal(
    (await otherAdmin.post(`${base}/surveys`, { title: "x", storeId: store })).status,
    422,
    "A's store is unknown here",
  );
});

Deno.test("satisfaction: an approved store gets a survey once, however often the event arrives", async () => {
  await using bed = await pluginTestBed(plugin);
  const store = await bed.store("home", "星巴克彭城店");
  const payload = { storeId: store, name: "星巴克彭城店", category: "catering", creditCode: null };
  await bed.publish(storeApproved, payload);
  await bed.deliverEvents();
  // A second delivery of the same news (at-least-once) must not open a second survey.
  await bed.publish(storeApproved, payload);
  await bed.deliverEvents();
  const admin = await bed.signIn("operator_admin");
  const surveys = (await (await admin.get(`${base}/surveys`)).json()).items;
  assert.deepEqual(surveys.map((s: { title: string; storeId: string }) => [s.title, s.storeId]), [[
    "星巴克彭城店 顾客满意度",
    store,
  ]]);
});

Deno.test("satisfaction: the hourly job closes surveys past their closing time", async () => {
  await using bed = await pluginTestBed(plugin);
  const admin = await bed.signIn("operator_admin");
  const past = new Date(Date.now() + 1500).toISOString();
  const { id } = await (await admin.post(`${base}/surveys`, { title: "短期调查", closesAt: past })).json();
  await (await admin.post(`${base}/surveys`, { title: "长期调查" })).json();
  await new Promise((r) => setTimeout(r, 1600));
  const consumer = new TestClient(bed.app.app);
  const late = await consumer.post(`${base}/public/home/surveys/${id}/responses`, { rating: 5 });
  assert.equal(late.status, 409, "answers after the closing time are refused even before the job runs");
  const job = bed.app.plugins!.jobDefinitions().find((j) => j.name === "satisfaction.close-expired")!;
  assert.ok(
    bed.app.plugins!.schedules().some((s) => s.job.name === "satisfaction.close-expired" && s.cron === "5 * * * *"),
  );
  await bed.app.jobs.enqueue(job, {}, { tenantId: bed.districts.home });
  const deadline = Date.now() + 5000;
  let statuses: string[] = [];
  while (Date.now() < deadline) {
    statuses = (await (await admin.get(`${base}/surveys`)).json()).items.map((s: { status: string }) => s.status);
    if (statuses.includes("closed")) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.deepEqual(statuses.sort(), ["closed", "open"]);
});
