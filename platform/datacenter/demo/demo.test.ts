/** The demo data: deterministic, shaped like a district's days, idempotent when seeded, answered by the metrics API. */
import assert from "node:assert/strict";
import { validatePlate } from "../../privacy/identifiers/plate.ts";
import { PAYMENT_METHODS } from "../types/sale.ts";
import { datacenterSetup } from "../test-helpers.ts";
import { generateDemoEvents, isHoliday, isWeekend } from "./generate.ts";
import { demoCreditCode } from "./facts.ts";
import { seedDemoDistrict, yesterdayInChina } from "./seed.ts";
import { provisionTenants } from "../../identity/provision.ts";
import { TEST_PLAN } from "../../../tests/support/tenants.ts";
import { validateCreditCode } from "../../privacy/identifiers/credit-code.ts";
import { withTenant } from "../../db/tenant.ts";
import { createUser } from "../../../tests/support/identity.ts";
import { TestClient } from "../../../tests/support/http.ts";

const OPTIONS = { seed: "xuzhou-pengcheng", days: 90, lastDay: "2026-11-23", stores: ["s1", "s2"], plateRegion: "苏C" };

type Ev = Record<string, unknown> & { type: string; id: string; at: string };

Deno.test("the generator is deterministic, modest, and shaped by hour, weekday and holiday", () => {
  const events = generateDemoEvents(OPTIONS) as Ev[];
  assert.deepEqual(generateDemoEvents(OPTIONS), events);
  assert.ok(events.length < 60_000, `${events.length} events`);
  assert.equal(new Set(events.map((e) => `${e.type}/${e.id}`)).size, events.length, "ids are unique");
  // A shorter span gives the same events for the days it covers.
  const last7 = generateDemoEvents({ ...OPTIONS, days: 7 });
  assert.deepEqual(last7, events.filter((e) => e.at >= "2026-11-17"));

  const perDay = new Map<string, number>();
  const perHour = new Array(24).fill(0);
  for (const e of events.filter((e) => e.type === "footfall")) {
    const day = e.at.slice(0, 10);
    perDay.set(day, (perDay.get(day) ?? 0) + (e.in as number));
    perHour[Number(e.at.slice(11, 13))] += e.in as number;
  }
  for (const h of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 22, 23]) assert.equal(perHour[h], 0, `hour ${h} is closed`);
  assert.ok(perHour[13] > perHour[15] && perHour[19] > perHour[15], "peaks at lunch and in the evening");
  const avg = (days: string[]) => days.reduce((s, d) => s + perDay.get(d)!, 0) / days.length;
  const days = [...perDay.keys()];
  const weekdays = days.filter((d) => !isWeekend(d) && !isHoliday(d));
  const weekends = days.filter((d) => isWeekend(d) && !isHoliday(d));
  const holidays = days.filter((d) => isHoliday(d));
  assert.deepEqual(holidays, [
    "2026-10-01",
    "2026-10-02",
    "2026-10-03",
    "2026-10-04",
    "2026-10-05",
    "2026-10-06",
    "2026-10-07",
  ]);
  assert.ok(avg(weekends) > 1.3 * avg(weekdays), "weekends are busier");
  assert.ok(avg(holidays) > avg(weekends), "National Day is busier still");

  const sales = events.filter((e) => e.type === "sale");
  assert.ok(sales.length > 1000);
  for (const s of sales) {
    assert.ok(Number.isInteger(s.amountFen) && (s.amountFen as number) > 0);
    assert.ok((PAYMENT_METHODS as readonly string[]).includes(s.paymentMethod as string));
    assert.ok(OPTIONS.stores.includes(s.storeId as string));
  }
  const mobile = sales.filter((s) => s.paymentMethod === "wechat" || s.paymentMethod === "alipay").length;
  assert.ok(mobile / sales.length > 0.7, "mostly WeChat Pay and Alipay");
  for (const method of PAYMENT_METHODS) assert.ok(sales.some((s) => s.paymentMethod === method), method);

  const doors = events.filter((e) => e.type === "footfall" && e.storeId !== undefined);
  assert.equal(doors.length, 2 * 12 * 90, "each store's door, each open hour");
  for (const e of doors) assert.ok((e.dwellSeconds as number) >= 8 * 60 && (e.dwellSeconds as number) <= 20 * 60);
  for (const e of events.filter((e) => e.type === "footfall" && e.storeId === undefined)) {
    assert.ok((e.dwellSeconds as number) >= 45 * 60 && (e.dwellSeconds as number) <= 95 * 60);
  }
  const sensors = events.filter((e) => e.type === "sensor");
  assert.equal(sensors.filter((e) => e.metric === "energy_kwh").length, 24 * 90, "energy every hour");
  for (const metric of ["temperature_c", "humidity_pct", "pm25"]) {
    assert.equal(sensors.filter((e) => e.metric === metric).length, 12 * 90, `${metric} while open`);
  }

  const parking = events.filter((e) => e.type === "parking");
  assert.equal(parking.filter((p) => p.direction === "in").length, parking.filter((p) => p.direction === "out").length);
  for (const p of parking) assert.ok(validatePlate(p.plate as string).ok, p.plate as string);
  assert.ok(parking.filter((p) => (p.plate as string).startsWith("苏C")).length > parking.length / 2, "mostly local");
});

Deno.test("seeding writes through ingestion, twice changes nothing, and the metrics API answers", async () => {
  await using t = await datacenterSetup();
  const options = { days: 14, lastDay: "2026-10-07" };
  const first = await seedDemoDistrict(t.db, t.keys, t.a, options);
  assert.equal(first.accepted, first.generated);
  const counts = async () =>
    Object.fromEntries(
      await Promise.all((["footfall", "sale", "parking"] as const).map(async (k) => [k, await t.count(t.a, k)])),
    );
  const before = await counts();
  assert.deepEqual(before, { footfall: first.byType.footfall, sale: first.byType.sale, parking: first.byType.parking });
  const second = await seedDemoDistrict(t.db, t.keys, t.a, options);
  assert.deepEqual({ accepted: second.accepted, duplicates: second.duplicates }, {
    accepted: 0,
    duplicates: first.generated,
  });
  assert.deepEqual(await counts(), before);
  assert.equal(await t.count(t.b, "footfall"), 0, "only the district seeded");

  const admin = await t.signIn(t.a, "operator_admin");
  const range = "from=2026-09-24T00:00:00%2B08:00&to=2026-10-08T00:00:00%2B08:00&granularity=day";
  const footfall = await (await admin.get(`/api/v1/metrics/footfall?${range}`)).json();
  assert.equal(footfall.buckets.length, 14);
  const holiday = footfall.buckets.find((b: { start: string }) => b.start === "2026-09-30T16:00:00.000Z");
  const weekday = footfall.buckets.find((b: { start: string }) => b.start === "2026-09-28T16:00:00.000Z");
  assert.ok(holiday.in > weekday.in, "the rollups show the holiday bump");
  const sales = await (await admin.get(`/api/v1/metrics/sales?${range}`)).json();
  assert.equal(sales.buckets.length, 14);
  assert.ok(sales.buckets.every((b: { salesFen: number }) => b.salesFen > 0));
});

Deno.test("the Beijing demo district gets stores with areas, staff and sales, and units, once", async () => {
  await using t = await datacenterSetup();
  const { tenantIds } = await provisionTenants(t.db, {
    plans: [TEST_PLAN],
    tenants: [{
      slug: "beijing-wangfujing",
      name: { zh: "北京王府井商圈", en: "Beijing Wangfujing District" },
      city: "北京市",
      plan: TEST_PLAN.id,
      timeZone: "Asia/Shanghai",
      plugins: [],
    }],
  });
  const beijing = tenantIds["beijing-wangfujing"];
  const lastDay = yesterdayInChina();
  const first = await seedDemoDistrict(t.db, t.keys, beijing, { days: 7, lastDay });
  assert.deepEqual(first.facts, { storesCreated: 6, unitsCreated: 7 });
  assert.ok(validateCreditCode(demoCreditCode("110101", 1)).ok, "the demo credit codes are valid");
  const again = await seedDemoDistrict(t.db, t.keys, beijing, { days: 7, lastDay });
  assert.deepEqual(again.facts, { storesCreated: 0, unitsCreated: 0 });
  assert.equal(again.accepted, 0);

  const person = await createUser(t.database, beijing, "operator_admin");
  const admin = new TestClient(t.app);
  await admin.signIn(person.login, person.password);
  const end = new Date(`${lastDay}T16:00:00Z`); // the end of lastDay in Shanghai
  const range = `from=${new Date(end.getTime() - 7 * 86_400_000).toISOString()}&to=${end.toISOString()}`;
  const { stores } = await (await admin.get(`/api/v1/metrics/stores?${range}`)).json();
  const open = stores.filter((s: { status: string }) => s.status === "active");
  assert.equal(open.length, 5);
  for (const store of open) {
    assert.ok(store.netSalesFen > 0 && store.footfallIn > 0, store.name);
    assert.ok(store.salesPerM2Fen > 0 && store.salesPerStaffFen > 0 && store.dwellMinutes > 0, store.name);
  }
  const closed = stores.find((s: { status: string }) => s.status === "closed");
  assert.equal(closed.transactions, 0, "a closed store sells nothing");
  const summary = await (await admin.get(`/api/v1/metrics/summary?${range}`)).json();
  assert.ok(summary.conversion > 0 && summary.dwellMinutes >= 45 && summary.dwellMinutes <= 95);
  // 1-106 was left when its store closed, 2-208 was never let: 2 of 7 units.
  assert.deepEqual(summary.vacancy, { units: 7, vacant: 2, rate: 0.2857 });
  const sensors = await (await admin.get(`/api/v1/metrics/sensors?${range}&granularity=day`)).json();
  assert.ok(sensors.totals.energyKwh > 0 && sensors.totals.temperatureC.readings === 7 * 12);
  const audited = await withTenant(
    t.db,
    beijing,
    (tx) => tx.selectFrom("core.audit_log").select("actor").where("action", "=", "district.units-replace").execute(),
  );
  assert.deepEqual(audited, [{ actor: "system:demo-data" }]);
});
