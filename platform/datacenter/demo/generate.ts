/**
 * Demo data for a district (演示数据): footfall per zone and hour (with dwell time), footfall at each store's door,
 * sales receipts per store, parking in and out, and energy and environment readings. Deterministic: every hour's
 * numbers come from PRNGs seeded with the district, day and hour, and every event id is derived from them, so
 * generating again (or over a longer span) yields the same events with the same ids. Store doors and sensors draw
 * from streams of their own, so adding them left the entrances', sales' and parking's numbers as they were.
 * Times are district-local at +08:00 (the demo districts are in Asia/Shanghai).
 */
import type { BatchEvent } from "../batch.ts";
import type { PaymentMethod } from "../types/sale.ts";

export interface DemoOptions {
  /** Seeds the PRNG and prefixes nothing else; usually the district's slug. */
  seed: string;
  /** Number of whole days, ending with `lastDay`. */
  days: number;
  /** The last local day generated, "YYYY-MM-DD". */
  lastDay: string;
  /** The district's open stores (ids): sales are spread over them and each has a door counter. None: no sales. */
  stores: string[];
  /** Plate prefix of local cars, e.g. "苏C" (Xuzhou) or "京A". */
  plateRegion: string;
}

export const DEMO_ZONES = ["1F", "2F", "B1"] as const;
/** Open 10:00–22:00; weights of the hours 10..21 (lunch and evening peaks). */
const HOUR_SHAPE = [0.5, 0.8, 1.3, 1.4, 0.9, 0.8, 0.9, 1.0, 1.3, 1.5, 1.2, 0.7];
const OPEN_HOUR = 10;
const ZONE_SCALE = [1.0, 0.7, 0.5];
/** Visitors per zone in an hour of weight 1 on a weekday. */
const BASE_VISITORS = 160;
const WEEKEND_FACTOR = 1.5;
const HOLIDAY_FACTOR = 1.8;
/** Share of visitors that buy, and that arrive by car. */
const RECEIPTS_PER_VISITOR = 0.035;
const CARS_PER_VISITOR = 0.018;
/** Share of the district's visitors that step into one of the stores (spread over the stores). */
const STORE_VISIT_SHARE = 0.25;
/** Average stay in the district and in a store, in minutes: [lowest, highest]. */
const DISTRICT_DWELL_MIN: [number, number] = [45, 95];
const STORE_DWELL_MIN: [number, number] = [8, 20];
/** Energy use of the district per hour (kWh): the base load, and the extra per hour weight while open. */
const BASE_KWH = 80;
const OPEN_KWH = 260;
const PAYMENT_MIX: [PaymentMethod, number][] = [["wechat", 0.47], ["alipay", 0.33], ["cash", 0.07], [
  "card",
  0.08,
], ["ecny", 0.05]];
const OTHER_REGIONS = ["苏A", "鲁Q", "皖L", "京A", "京N", "冀F", "津A", "沪B", "浙A"];
const PLATE_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";

/** Public holidays (法定节假日), inclusive ranges: National Day and Spring Festival of 2024–2027. */
export const HOLIDAYS: [string, string][] = [
  ["2024-02-10", "2024-02-17"],
  ["2024-10-01", "2024-10-07"],
  ["2025-01-28", "2025-02-04"],
  ["2025-10-01", "2025-10-08"],
  ["2026-02-15", "2026-02-23"],
  ["2026-10-01", "2026-10-07"],
  ["2027-02-05", "2027-02-11"],
  ["2027-10-01", "2027-10-07"],
];

export function isHoliday(day: string): boolean {
  return HOLIDAYS.some(([from, to]) => day >= from && day <= to);
}

export function isWeekend(day: string): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** mulberry32 seeded with a string hash (FNV-1a). */
export function prng(seed: string): () => number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, weighted: [T, number][]): T {
  let r = random();
  for (const [value, weight] of weighted) if ((r -= weight) < 0) return value;
  return weighted[weighted.length - 1][0];
}

/** A plate the shared validator accepts: region, then five letters or digits (no I or O). */
function plateOf(random: () => number, region: string): string {
  let serial = "";
  for (let i = 0; i < 5; i++) serial += PLATE_CHARS[Math.floor(random() * PLATE_CHARS.length)];
  return `${region}·${serial}`;
}

function between(random: () => number, [low, high]: [number, number]): number {
  return low + random() * (high - low);
}

function localTime(day: string, hour: number, minute: number, second = 0): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${day}T${p(hour)}:${p(minute)}:${p(second)}+08:00`;
}

/** The local days covered, oldest first. */
export function demoDays(lastDay: string, days: number): string[] {
  const end = Date.parse(`${lastDay}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) => new Date(end - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}

/** The demo events of one local day. */
export function generateDay(options: Omit<DemoOptions, "days" | "lastDay">, day: string): BatchEvent[] {
  const events: BatchEvent[] = [];
  const factor = isHoliday(day) ? HOLIDAY_FACTOR : isWeekend(day) ? WEEKEND_FACTOR : 1;
  const closing = OPEN_HOUR + HOUR_SHAPE.length;
  HOUR_SHAPE.forEach((weight, i) => {
    const hour = OPEN_HOUR + i;
    const random = prng(`${options.seed}/${day}/${hour}`);
    const tag = `${day.replaceAll("-", "")}${String(hour).padStart(2, "0")}`;
    let visitors = 0;
    const dwell = prng(`${options.seed}/${day}/${hour}/dwell`);
    DEMO_ZONES.forEach((zone, z) => {
      const noise = 0.85 + random() * 0.3;
      const inCount = Math.round(BASE_VISITORS * ZONE_SCALE[z] * weight * factor * noise);
      // People leave a little later than they come: the evening hours let out the day's remainder.
      const outCount = Math.round(inCount * (hour >= 20 ? 1.1 : 0.9));
      visitors += inCount;
      events.push({
        type: "footfall",
        id: `demo-ff-${tag}-${zone}`,
        counterId: `counter-${zone}`,
        zone,
        in: inCount,
        out: outCount,
        dwellSeconds: Math.round(between(dwell, DISTRICT_DWELL_MIN) * 60),
        at: localTime(day, hour, 59, 59),
      });
    });
    const doors = prng(`${options.seed}/${day}/${hour}/doors`);
    options.stores.forEach((store, i) => {
      const inCount = Math.round(visitors * STORE_VISIT_SHARE / options.stores.length * (0.7 + doors() * 0.6));
      events.push({
        type: "footfall",
        id: `demo-door-${tag}-${store}`,
        counterId: `door-${i + 1}`,
        zone: DEMO_ZONES[i % DEMO_ZONES.length],
        storeId: store,
        in: inCount,
        out: Math.round(inCount * (hour >= 20 ? 1.1 : 0.95)),
        dwellSeconds: Math.round(between(doors, STORE_DWELL_MIN) * 60),
        at: localTime(day, hour, 59, 58),
      });
    });
    if (options.stores.length) {
      const receipts = Math.round(visitors * RECEIPTS_PER_VISITOR * (0.9 + random() * 0.2));
      for (let n = 0; n < receipts; n++) {
        const store = options.stores[Math.floor(random() * options.stores.length)];
        // Mostly small baskets (30–200 yuan), some larger ones; whole fen, at least 1 yuan.
        const yuan = random() < 0.85 ? 30 + random() * 170 : 200 + random() * 1800;
        const refund = random() < 0.01;
        const id = `demo-sale-${tag}-${n}`;
        events.push({
          type: "sale",
          id,
          storeId: store,
          receiptId: id,
          amountFen: Math.max(100, Math.round(yuan * 100)),
          paymentMethod: pick(random, PAYMENT_MIX),
          refund,
          at: localTime(day, hour, Math.floor(random() * 60), Math.floor(random() * 60)),
        });
      }
    }
    const cars = Math.round(visitors * CARS_PER_VISITOR * (0.9 + random() * 0.2));
    for (let n = 0; n < cars; n++) {
      const region = random() < 0.8 ? options.plateRegion : OTHER_REGIONS[Math.floor(random() * OTHER_REGIONS.length)];
      const plate = plateOf(random, region);
      const minute = Math.floor(random() * 60);
      const stay = 1 + Math.floor(random() * 3);
      const outHour = Math.min(hour + stay, closing);
      events.push(
        {
          type: "parking",
          id: `demo-park-${tag}-${n}-in`,
          gateId: "gate-east",
          plate,
          direction: "in",
          at: localTime(day, hour, minute),
        },
        {
          type: "parking",
          id: `demo-park-${tag}-${n}-out`,
          gateId: random() < 0.5 ? "gate-east" : "gate-west",
          plate,
          direction: "out",
          at: localTime(day, outHour, outHour === closing ? Math.floor(random() * 30) : minute),
        },
      );
    }
  });
  return events;
}

/**
 * The district's meters and environment sensors for one day: energy every hour (the base load at night), and
 * temperature, humidity and PM2.5 in the open hours.
 */
export function generateSensorDay(options: Pick<DemoOptions, "seed">, day: string): BatchEvent[] {
  const events: BatchEvent[] = [];
  const factor = isHoliday(day) ? HOLIDAY_FACTOR : isWeekend(day) ? WEEKEND_FACTOR : 1;
  for (let hour = 0; hour < 24; hour++) {
    const random = prng(`${options.seed}/${day}/${hour}/sensors`);
    const tag = `${day.replaceAll("-", "")}${String(hour).padStart(2, "0")}`;
    const open = hour >= OPEN_HOUR && hour < OPEN_HOUR + HOUR_SHAPE.length;
    const weight = open ? HOUR_SHAPE[hour - OPEN_HOUR] * Math.sqrt(factor) : 0;
    const reading = (deviceId: string, metric: string, value: number) => ({
      type: "sensor",
      id: `demo-sensor-${tag}-${metric}`,
      deviceId,
      metric,
      value,
      at: localTime(day, hour, 59, 30),
    });
    events.push(
      reading(
        "meter-main",
        "energy_kwh",
        Math.round((BASE_KWH + OPEN_KWH * weight) * (0.95 + random() * 0.1) * 10) / 10,
      ),
    );
    if (!open) continue;
    events.push(
      reading("env-1F", "temperature_c", Math.round((22 + weight * 1.5 + random() * 1.5) * 10) / 10),
      reading("env-1F", "humidity_pct", Math.round((45 + random() * 12) * 10) / 10),
      reading("air-1F", "pm25", Math.round(18 + weight * 12 + random() * 15)),
    );
  }
  return events;
}

export function generateDemoEvents(options: DemoOptions): BatchEvent[] {
  return demoDays(options.lastDay, options.days).flatMap((day) => [
    ...generateDay(options, day),
    ...generateSensorDay(options, day),
  ]);
}
