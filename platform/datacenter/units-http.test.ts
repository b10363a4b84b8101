/**
 * The district's units (GET/PUT /api/v1/district/units) and stores' facts (PATCH /api/v1/stores/{id}): validated as
 * a whole, written all or nothing, audited, and visible and changeable only inside the operator's own district.
 */
import assert from "node:assert/strict";
import { sql } from "kysely";
import { withTenant } from "../db/tenant.ts";
import { type DatacenterSetup, datacenterSetup } from "./test-helpers.ts";

type Unit = {
  id: string;
  code: string;
  areaM2: number;
  occupancies: { storeId: string; storeName: string; since: string; until: string | null }[];
  current: { storeId: string; storeName: string } | null;
};

function auditOf(t: DatacenterSetup, tenantId: string, action: string) {
  return withTenant(
    t.db,
    tenantId,
    async (tx) =>
      (await sql<{ actor: string; target: string; details: Record<string, unknown> }>`
      select actor, target, details from core.audit_log where action = ${action} order by seq
    `.execute(tx)).rows,
  );
}

function units(t: DatacenterSetup) {
  return [
    { code: "1F-101", floor: "1F", areaM2: 120.5, occupancies: [{ storeId: t.stores.a1, since: "2024-01-01" }] },
    {
      code: "1F-102",
      floor: "1F",
      areaM2: 80,
      occupancies: [{ storeId: t.stores.a2, since: "2024-01-01", until: "2026-01-01" }],
    },
    { code: "2F-201", floor: "2F", areaM2: 200, occupancies: [] },
  ];
}

Deno.test("operators replace the units as a whole; vacancy counts units without an active store; audited once", async () => {
  await using t = await datacenterSetup();
  const admin = await t.signIn(t.a, "operator_admin");
  const put = await admin.request("PUT", "/api/v1/district/units", { units: units(t) });
  assert.equal(put.status, 200);
  const view = await put.json();
  assert.deepEqual(view.vacancy, { units: 3, vacant: 2, rate: 0.6667 }, "1F-102's store left, 2F-201 never let");
  const first = view.units.find((u: Unit) => u.code === "1F-101");
  assert.deepEqual(first.current, { storeId: t.stores.a1, storeName: "甲一店" });
  assert.equal(first.areaM2, 120.5);
  assert.deepEqual(view.units.find((u: Unit) => u.code === "1F-102").occupancies, [
    { storeId: t.stores.a2, storeName: "甲二店", since: "2024-01-01", until: "2026-01-01" },
  ]);
  assert.equal(view.units.find((u: Unit) => u.code === "1F-102").current, null);

  const entries = await auditOf(t, t.a, "district.units-replace");
  assert.equal(entries.length, 1);
  assert.deepEqual(entries[0].details, { added: ["1F-101", "1F-102", "2F-201"], changed: [], removed: [], units: 3 });
  assert.match(entries[0].actor, /^user:/);

  const again = await admin.request("PUT", "/api/v1/district/units", { units: units(t) });
  assert.equal(again.status, 200);
  assert.equal((await auditOf(t, t.a, "district.units-replace")).length, 1, "the same list changes nothing");

  const next = units(t);
  next[0].areaM2 = 130;
  next.pop();
  next.push({ code: "B1-001", floor: "B1", areaM2: 60, occupancies: [{ storeId: t.stores.a2, since: "2026-01-01" }] });
  const changed = await (await admin.request("PUT", "/api/v1/district/units", { units: next })).json();
  assert.deepEqual(changed.units.map((u: Unit) => u.code).sort(), ["1F-101", "1F-102", "B1-001"]);
  assert.equal(changed.units.find((u: Unit) => u.code === "1F-101").id, first.id, "a unit keeps its id by code");
  assert.deepEqual(changed.vacancy, { units: 3, vacant: 1, rate: 0.3333 });
  const [, second] = await auditOf(t, t.a, "district.units-replace");
  assert.deepEqual(second.details, { added: ["B1-001"], changed: ["1F-101"], removed: ["2F-201"], units: 3 });

  // A store that has closed no longer holds a unit it was never recorded as leaving.
  await withTenant(
    t.db,
    t.a,
    (tx) => tx.updateTable("core.organisations").set({ status: "closed" }).where("id", "=", t.stores.a2).execute(),
  );
  const listed = await (await admin.get("/api/v1/district/units")).json();
  assert.deepEqual(listed.vacancy, { units: 3, vacant: 2, rate: 0.6667 });
  assert.equal(listed.units.find((u: Unit) => u.code === "B1-001").current, null);

  const staff = await t.signIn(t.a, "operator_staff");
  assert.equal((await staff.get("/api/v1/district/units")).status, 200, "staff read");
  assert.equal((await staff.request("PUT", "/api/v1/district/units", { units: [] })).status, 403, "admins change");
  const owner = await t.signIn(t.a, "store_owner", t.stores.a1);
  assert.equal((await owner.get("/api/v1/district/units")).status, 403);
  assert.equal((await owner.request("PUT", "/api/v1/district/units", { units: [] })).status, 403);
});

Deno.test("invalid units are refused with every field named, and nothing is changed", async () => {
  await using t = await datacenterSetup();
  const admin = await t.signIn(t.a, "operator_admin");
  await admin.request("PUT", "/api/v1/district/units", { units: units(t) });
  const before = await (await admin.get("/api/v1/district/units")).json();

  const shape = await admin.request("PUT", "/api/v1/district/units", {
    units: [
      { code: "1F 101", floor: "1F", areaM2: -3, occupancies: [] },
      { code: "1F-102", floor: "", areaM2: 10.555, occupancies: [{ storeId: t.stores.a1, since: "2024-02-30" }] },
      {
        code: "1F-103",
        floor: "1F",
        areaM2: 10,
        occupancies: [{ storeId: t.stores.a1, since: "2025-01-01", until: "2024-01-01" }],
      },
    ],
  });
  assert.equal(shape.status, 422);
  assert.match(shape.headers.get("content-type") ?? "", /application\/problem\+json/);
  const fields = (await shape.json()).errors.map((e: { field: string }) => e.field).sort();
  assert.deepEqual(fields, [
    "units.0.areaM2",
    "units.0.code",
    "units.1.areaM2",
    "units.1.floor",
    "units.1.occupancies.0.since",
    "units.2.occupancies.0.until",
  ]);

  const rows = await admin.request("PUT", "/api/v1/district/units", {
    units: [
      {
        code: "1F-101",
        floor: "1F",
        areaM2: 10,
        occupancies: [
          { storeId: t.stores.a1, since: "2024-01-01" },
          { storeId: t.stores.a2, since: "2025-06-01", until: "2025-07-01" },
        ],
      },
      { code: "1F-101", floor: "1F", areaM2: 10, occupancies: [] },
      { code: "1F-104", floor: "1F", areaM2: 10, occupancies: [{ storeId: t.stores.b1, since: "2024-01-01" }] },
    ],
  });
  assert.equal(rows.status, 422);
  assert.deepEqual((await rows.json()).errors, [
    { field: "units.0.occupancies.1.since", message: "overlaps occupancies.0 of the same unit" },
    { field: "units.1.code", message: "1F-101 is listed twice (also units.0)" },
    { field: "units.2.occupancies.0.storeId", message: "no such store in this district" },
  ]);
  assert.deepEqual(await (await admin.get("/api/v1/district/units")).json(), before, "nothing was changed");
  assert.equal((await auditOf(t, t.a, "district.units-replace")).length, 1);
});

Deno.test("units: another district neither sees nor changes them", async () => {
  await using t = await datacenterSetup();
  const adminA = await t.signIn(t.a, "operator_admin");
  await adminA.request("PUT", "/api/v1/district/units", { units: units(t) });
  const adminB = await t.signIn(t.b, "operator_admin");
  const seen = await (await adminB.get("/api/v1/district/units")).json();
  assert.deepEqual(seen.units, []);
  assert.deepEqual(seen.vacancy, { units: 0, vacant: 0, rate: null });
  const naming = await adminB.request("PUT", "/api/v1/district/units", {
    units: [{ code: "X-1", floor: "1F", areaM2: 10, occupancies: [{ storeId: t.stores.a1, since: "2024-01-01" }] }],
  });
  assert.equal(naming.status, 422, "A's store is no store of B's");
  assert.equal((await adminB.request("PUT", "/api/v1/district/units", { units: [] })).status, 200);
  const stillA = await (await adminA.get("/api/v1/district/units")).json();
  assert.equal(stillA.units.length, 3, "B emptying its own list leaves A's units alone");
  assert.equal((await auditOf(t, t.b, "district.units-replace")).length, 0, "B had nothing to change");
});

Deno.test("operators set a store's floor area and staff count; audited; other districts' stores are out of reach", async () => {
  await using t = await datacenterSetup();
  const admin = await t.signIn(t.a, "operator_admin");
  const res = await admin.patch(`/api/v1/stores/${t.stores.a1}`, { areaM2: 150.5, staffCount: 12 });
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), {
    id: t.stores.a1,
    name: "甲一店",
    status: "active",
    areaM2: 150.5,
    staffCount: 12,
  });
  const only = await (await admin.patch(`/api/v1/stores/${t.stores.a1}`, { staffCount: 14 })).json();
  assert.deepEqual([only.areaM2, only.staffCount], [150.5, 14], "a field not sent stays");
  const entries = await auditOf(t, t.a, "store.facts-change");
  assert.deepEqual(entries.map((e) => [e.target, e.details]), [
    [`store:${t.stores.a1}`, { from: { areaM2: null, staffCount: null }, to: { areaM2: 150.5, staffCount: 12 } }],
    [`store:${t.stores.a1}`, { from: { areaM2: 150.5, staffCount: 12 }, to: { areaM2: 150.5, staffCount: 14 } }],
  ]);
  await admin.patch(`/api/v1/stores/${t.stores.a1}`, { staffCount: 14 });
  assert.equal((await auditOf(t, t.a, "store.facts-change")).length, 2, "no change, no entry");

  const bad = await admin.patch(`/api/v1/stores/${t.stores.a1}`, { areaM2: -1, staffCount: 1.5 });
  assert.equal(bad.status, 422);
  assert.deepEqual((await bad.json()).errors.map((e: { field: string }) => e.field).sort(), ["areaM2", "staffCount"]);
  const empty = await admin.patch(`/api/v1/stores/${t.stores.a1}`, {});
  assert.equal(empty.status, 422);
  assert.equal((await empty.json()).errors[0].field, "areaM2");
  const stored = await withTenant(
    t.db,
    t.a,
    (tx) =>
      tx.selectFrom("core.organisations").select(["area_m2", "staff_count"]).where("id", "=", t.stores.a1)
        .executeTakeFirstOrThrow(),
  );
  assert.deepEqual([Number(stored.area_m2), stored.staff_count], [150.5, 14], "refused input changed nothing");

  const adminB = await t.signIn(t.b, "operator_admin");
  assert.equal((await adminB.patch(`/api/v1/stores/${t.stores.a1}`, { areaM2: 1 })).status, 404);
  assert.equal((await admin.patch(`/api/v1/stores/${t.stores.b1}`, { areaM2: 1 })).status, 404);
  const b1 = await withTenant(
    t.db,
    t.b,
    (tx) =>
      tx.selectFrom("core.organisations").select("area_m2").where("id", "=", t.stores.b1).executeTakeFirstOrThrow(),
  );
  assert.equal(b1.area_m2, null);
  const staff = await t.signIn(t.a, "operator_staff");
  assert.equal((await staff.patch(`/api/v1/stores/${t.stores.a1}`, { areaM2: 1 })).status, 403);
  const owner = await t.signIn(t.a, "store_owner", t.stores.a1);
  assert.equal((await owner.patch(`/api/v1/stores/${t.stores.a1}`, { staffCount: 99 })).status, 403);
});

Deno.test("the units page: admins get the editor, staff a read-only table, store users no page", async () => {
  await using t = await datacenterSetup();
  const admin = await t.signIn(t.a, "operator_admin");
  await admin.request("PUT", "/api/v1/district/units", { units: units(t) });
  const page = await admin.get("/console/units");
  assert.equal(page.status, 200);
  const html = await page.text();
  const props = JSON.parse(
    (/data-island="UnitsManager" data-props="([^"]*)"/.exec(html)?.[1] ?? "").replaceAll("&quot;", '"')
      .replaceAll("&amp;", "&"),
  );
  assert.equal(props.canManage, true);
  assert.deepEqual(props.units.map((u: Unit) => u.code), ["1F-101", "1F-102", "2F-201"]);
  assert.deepEqual(props.vacancy, { units: 3, vacant: 2, rate: 0.6667 });
  assert.deepEqual(props.stores.map((s: { name: string }) => s.name).sort(), ["甲一店", "甲二店"]);
  assert.match(html, /id="unit-0-code"[^>]*value="1F-101"/, "the editor is rendered on the server");
  assert.match(html, /今日空置率 66.67%/);
  assert.match(html, /href="\/console\/units"/, "in the navigation");

  const staff = await t.signIn(t.a, "operator_staff");
  const staffHtml = await (await staff.get("/console/units")).text();
  assert.match(staffHtml, /&quot;canManage&quot;:false/);
  assert.doesNotMatch(staffHtml, /id="unit-0-code"/, "no editor");
  assert.match(staffHtml, /<td data-label="铺位编号">2F-201<\/td>/);
  const english = await staff.request("GET", "/console/units", undefined, { "accept-language": "en-US" });
  assert.match(await english.text(), /Vacancy today 66.67%: 2 of 3 units empty/);

  const owner = await t.signIn(t.a, "store_owner", t.stores.a1);
  assert.equal((await owner.get("/console/units")).status, 403);
  assert.doesNotMatch(await (await owner.get("/console")).text(), /href="\/console\/units"/);
  const adminB = await t.signIn(t.b, "operator_admin");
  assert.doesNotMatch(await (await adminB.get("/console/units")).text(), /1F-101/, "A's units are not on B's page");
});
