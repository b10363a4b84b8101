/**
 * GET /api/v1/metrics/parking and /api/v1/metrics/sensors, against numbers worked out by hand. Day D is 10 days ago.
 *
 * Parking: one car came in the evening before and is still inside. On D four cars come in at 10:30 (east gate),
 * two leave at 11:30 (west) and two at 12:30 (east). Inside at the start of 10:00: 1; at the end of the hours
 * 10, 11, 12: 5, 3, 1. Vehicle-hours 10:00–13:00 = (1+5)/2 + (5+3)/2 + (3+1)/2 = 9, so the estimated average
 * stay is 9 × 60 ÷ 4 = 135 minutes.
 */
import assert from "node:assert/strict";
import { addDays, at, localDay, rangeQuery } from "./metrics-test-days.ts";
import { datacenterSetup } from "./test-helpers.ts";

const D = localDay(-10);
const iso = (time: string, day = D) => new Date(at(day, time)).toISOString();

function car(id: string, plate: string, direction: "in" | "out", gateId: string, time: string, day = D) {
  return { type: "parking", id, gateId, plate, direction, at: at(day, time) };
}

function reading(id: string, deviceId: string, metric: string, value: number, time: string) {
  return { type: "sensor", id, deviceId, metric, value, at: at(D, time) };
}

Deno.test("parking: entries, exits, vehicles inside, peak and the estimated stay", async () => {
  await using t = await datacenterSetup();
  const plates = ["苏C12345", "苏C23456", "苏C34567", "苏C45678"];
  const res = await (await t.keyClient(t.a)).post("/api/v1/events", {
    events: [
      car("night", "苏C99999", "in", "gate-east", "20:00", addDays(D, -1)),
      ...plates.map((p, i) => car(`in${i}`, p, "in", "gate-east", "10:30")),
      car("out0", plates[0], "out", "gate-west", "11:30"),
      car("out1", plates[1], "out", "gate-west", "11:30"),
      car("out2", plates[2], "out", "gate-east", "12:30"),
      car("out3", plates[3], "out", "gate-east", "12:30"),
    ],
  });
  assert.equal(res.status, 200);
  await (await t.keyClient(t.b)).post("/api/v1/events", { events: [car("b", "京A12345", "in", "g", "10:10")] });
  await t.rollup(t.a);
  await t.rollup(t.b);

  const admin = await t.signIn(t.a, "operator_admin");
  const hourly = await (await admin.get(`/api/v1/metrics/parking?${rangeQuery(at(D, "10:00"), at(D, "13:00"))}`))
    .json();
  assert.deepEqual(hourly.buckets, [
    { start: iso("10:00"), entries: 4, exits: 0, occupancy: 5 },
    { start: iso("11:00"), entries: 0, exits: 2, occupancy: 3 },
    { start: iso("12:00"), entries: 0, exits: 2, occupancy: 1 },
  ]);
  assert.deepEqual(hourly.gates, [
    { gateId: "gate-east", entries: 4, exits: 2 },
    { gateId: "gate-west", entries: 0, exits: 2 },
  ]);
  assert.deepEqual(hourly.totals, {
    entries: 4,
    exits: 4,
    occupancyAtStart: 1,
    occupancyAtEnd: 1,
    peakOccupancy: 5,
    avgStayMinutes: 135,
  });

  const daily = await (await admin.get(
    `/api/v1/metrics/parking?${rangeQuery(at(addDays(D, -1), "00:00"), at(addDays(D, 1), "00:00"))}&granularity=day`,
  )).json();
  assert.deepEqual(daily.buckets, [
    { start: iso("00:00", addDays(D, -1)), entries: 1, exits: 0, occupancy: 1 },
    { start: iso("00:00"), entries: 4, exits: 4, occupancy: 1 },
  ]);

  const adminB = await t.signIn(t.b, "operator_admin");
  const b = await (await adminB.get(`/api/v1/metrics/parking?${rangeQuery(at(D, "10:00"), at(D, "13:00"))}`)).json();
  assert.deepEqual(b.totals.entries, 1, "only B's own car");
  assert.deepEqual(b.gates, [{ gateId: "g", entries: 1, exits: 0 }]);
  const owner = await t.signIn(t.a, "store_owner", t.stores.a1);
  assert.equal((await owner.get(`/api/v1/metrics/parking?${rangeQuery(at(D, "10:00"), at(D, "13:00"))}`)).status, 403);
  const tooLong = await admin.get(`/api/v1/metrics/parking?${rangeQuery(at(D, "10:00"), at(addDays(D, 40), "10:00"))}`);
  assert.equal(tooLong.status, 422);
});

Deno.test("sensors: energy used, and the lowest, mean and highest reading per bucket and over the range", async () => {
  await using t = await datacenterSetup();
  const res = await (await t.keyClient(t.a)).post("/api/v1/events", {
    events: [
      reading("e1", "meter-1", "energy_kwh", 12.5, "10:10"),
      reading("e2", "meter-2", "energy_kwh", 7.5, "10:10"),
      reading("e3", "meter-1", "energy_kwh", 10, "11:10"),
      reading("t1", "env-1", "temperature_c", 22, "10:05"),
      reading("t2", "env-2", "temperature_c", 24, "10:20"),
      reading("t3", "env-1", "temperature_c", 26.5, "11:05"),
      reading("p1", "air-1", "pm25", 35, "10:00"),
      reading("p2", "air-1", "pm25", 45, "11:00"),
    ],
  });
  assert.equal(res.status, 200);
  await (await t.keyClient(t.b)).post("/api/v1/events", {
    events: [reading("e1", "meter-b", "energy_kwh", 999, "10:10")],
  });
  await t.rollup(t.a);
  await t.rollup(t.b);

  const admin = await t.signIn(t.a, "operator_admin");
  const range = rangeQuery(at(D, "00:00"), at(addDays(D, 1), "00:00"));
  const hourly = await (await admin.get(`/api/v1/metrics/sensors?${range}&granularity=hour`)).json();
  assert.deepEqual(hourly.buckets, [
    {
      start: iso("10:00"),
      energyKwh: 20,
      temperatureC: { min: 22, avg: 23, max: 24, readings: 2 },
      humidityPct: null,
      pm25: { min: 35, avg: 35, max: 35, readings: 1 },
    },
    {
      start: iso("11:00"),
      energyKwh: 10,
      temperatureC: { min: 26.5, avg: 26.5, max: 26.5, readings: 1 },
      humidityPct: null,
      pm25: { min: 45, avg: 45, max: 45, readings: 1 },
    },
  ]);
  assert.deepEqual(hourly.totals, {
    energyKwh: 30,
    temperatureC: { min: 22, avg: 24.17, max: 26.5, readings: 3 }, // (22 + 24 + 26.5) ÷ 3
    humidityPct: null,
    pm25: { min: 35, avg: 40, max: 45, readings: 2 },
    devices: 5,
  });
  const daily = await (await admin.get(`/api/v1/metrics/sensors?${range}&granularity=day`)).json();
  assert.equal(daily.buckets.length, 1);
  assert.deepEqual(daily.buckets[0].temperatureC, { min: 22, avg: 24.17, max: 26.5, readings: 3 });
  assert.equal(daily.buckets[0].energyKwh, 30);

  const adminB = await t.signIn(t.b, "operator_admin");
  const b = await (await adminB.get(`/api/v1/metrics/sensors?${range}`)).json();
  assert.equal(b.totals.energyKwh, 999, "only B's own meter");
  assert.equal(b.totals.devices, 1);
  const staff = await t.signIn(t.a, "store_staff", t.stores.a1);
  assert.equal((await staff.get(`/api/v1/metrics/sensors?${range}`)).status, 403);
});
