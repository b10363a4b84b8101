/** Retention periods over HTTP: the period in force, a district's own period, the minimum, back to the default. */
import assert from "node:assert/strict";
import { setupRoles, statusesFor } from "../../../tests/support/roles.ts";
import { listAudit } from "../../audit/list.ts";
import { withTenant } from "../../db/tenant.ts";
import { retentionClasses, type RetentionDataClass } from "../retention-classes.ts";

// Besides the core's own classes (the raw data-center events), this module registers two test classes in the
// platform's registry, which the app reads. Their tables do not exist: no retention run could touch anything.
const CLASSES: RetentionDataClass[] = [
  {
    id: "test_visits",
    name: { zh: "测试到访记录", en: "Test visits" },
    table: "core.test_visits_missing",
    timeColumn: "at",
    action: "delete",
    defaultDays: 30,
    minimumDays: 7,
  },
  {
    id: "access_logs",
    table: "core.test_access_logs_missing",
    timeColumn: "at",
    action: "delete",
    defaultDays: 180,
    minimumDays: 60,
  },
];
for (const dataClass of CLASSES) if (!retentionClasses.has(dataClass.id)) retentionClasses.register(dataClass);

const URL = "/api/v1/privacy/retention";
type Entry = { dataClass: string; days: number; storedDays: number | null };
const byClass = (items: Entry[]) => Object.fromEntries(items.map((e) => [e.dataClass, [e.days, e.storedDays]]));

Deno.test("retention routes: who may call each", async () => {
  await using t = await setupRoles();
  const expected = { adminA: 200, staffA: 403, ownerA: 403, adminB: 200, platform: 403, anonymous: 401 };
  assert.deepEqual(await statusesFor(t.clients, "GET", URL), expected);
  assert.deepEqual(await statusesFor(t.clients, "PUT", `${URL}/test_visits`, { days: 14 }), expected);
  assert.deepEqual(await statusesFor(t.clients, "DELETE", `${URL}/test_visits`), expected);
});

Deno.test("a district sets its own period, is held to the minimum, and goes back to the default; each change audited", async () => {
  await using t = await setupRoles();
  const initial = await (await t.clients.adminA.get(URL)).json();
  assert.deepEqual(initial.items.find((e: Entry) => e.dataClass === "test_visits"), {
    dataClass: "test_visits",
    name: { zh: "测试到访记录", en: "Test visits" },
    action: "delete",
    days: 30,
    storedDays: null,
    defaultDays: 30,
    minimumDays: 7,
  });
  assert.equal(initial.items.find((e: Entry) => e.dataClass === "access_logs").name, null);

  const set = await t.clients.adminA.request("PUT", `${URL}/test_visits`, { days: 14 });
  assert.equal(set.status, 200);
  assert.equal((await set.json()).days, 14);
  assert.deepEqual(byClass((await (await t.clients.adminA.get(URL)).json()).items), {
    raw_parking_events: [180, null],
    raw_footfall_events: [400, null],
    raw_sale_events: [1095, null],
    raw_sensor_events: [400, null],
    test_visits: [14, 14],
    access_logs: [180, null],
  });

  const below = await t.clients.adminA.request("PUT", `${URL}/access_logs`, { days: 30 });
  assert.equal(below.status, 422);
  const problem = await below.json();
  assert.deepEqual(problem.errors, [{ field: "days", message: "must be at least 60" }]);
  assert.match(problem.detail, /商场数字化服务管理规范/, "the legal basis is named");
  for (const days of [0, 2.5, "90"]) {
    const bad = await t.clients.adminA.request("PUT", `${URL}/test_visits`, { days });
    assert.equal(bad.status, 422, String(days));
    assert.deepEqual((await bad.json()).errors.map((e: { field: string }) => e.field), ["days"]);
  }
  assert.equal((await t.clients.adminA.request("PUT", `${URL}/raw_nothing`, { days: 30 })).status, 404);
  assert.equal((await t.clients.adminA.delete(`${URL}/raw_nothing`)).status, 404);

  const cleared = await t.clients.adminA.delete(`${URL}/test_visits`);
  assert.equal(cleared.status, 200);
  assert.equal((await cleared.json()).days, 30);
  assert.deepEqual(byClass((await (await t.clients.adminA.get(URL)).json()).items).test_visits, [30, null]);

  const audit = await withTenant(t.database.db, t.a, (tx) => listAudit(tx, { action: "retention.policy." }));
  assert.deepEqual(audit.entries.map((e) => [e.action, e.target, e.details]).reverse(), [
    ["retention.policy.set", "data-class:test_visits", { days: 14, previousDays: null }],
    ["retention.policy.clear", "data-class:test_visits", { days: 30, previousDays: 14 }],
  ]);
  assert.ok(audit.entries.every((e) => e.actor === `user:${t.accounts.adminA}`));
});

Deno.test("another district neither sees nor changes the first district's periods", async () => {
  await using t = await setupRoles();
  assert.equal((await t.clients.adminA.request("PUT", `${URL}/test_visits`, { days: 14 })).status, 200);
  assert.deepEqual(byClass((await (await t.clients.adminB.get(URL)).json()).items).test_visits, [30, null]);
  // B clearing and setting only touches B's own setting.
  await t.clients.adminB.delete(`${URL}/test_visits`);
  await t.clients.adminB.request("PUT", `${URL}/test_visits`, { days: 90 });
  assert.deepEqual(byClass((await (await t.clients.adminA.get(URL)).json()).items).test_visits, [14, 14]);
  assert.deepEqual(byClass((await (await t.clients.adminB.get(URL)).json()).items).test_visits, [90, 90]);
  const auditA = await withTenant(t.database.db, t.a, (tx) => listAudit(tx, { action: "retention.policy." }));
  assert.equal(auditA.entries.length, 1);
});
