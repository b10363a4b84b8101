/**
 * The demo districts' stores and units (演示门店与铺位), so that every district — Beijing too, which has no store
 * owner among the demo accounts — has stores with sales, floor areas and staff counts for 坪效 and 人效, and units
 * with some vacant (one of them left by a store that has closed) for 空置率.
 *
 * Idempotent and respectful of later edits: a store is created only when no store of the district has its credit
 * code, and the units only when the district has none yet; nothing existing is changed. Credit codes are valid
 * GB 32100 codes (check character computed), made up for the demo.
 */
import type { Kysely } from "kysely";
import type { CoreDatabase } from "../../db/schema.ts";
import { withTenant } from "../../db/tenant.ts";
import { uuidv7 } from "../../ids.ts";
import type { StoreCategoryId } from "../../identity/store-categories.ts";
import { creditCodeCheckCharacter } from "../../privacy/identifiers/credit-code.ts";
import { replaceUnits } from "../units.ts";

interface DemoStore {
  /** Makes the credit code: 91 + the district's division code + MA1DM + this number. */
  n: number;
  name: string;
  category: StoreCategoryId;
  floor: string;
  unit: string;
  areaM2: number;
  staffCount: number;
  /** The store's lease began on this date (its unit's occupancy). */
  since: string;
  /** A store that has closed: its unit has been vacant since this date. */
  closedOn?: string;
}

interface DemoDistrict {
  /** Division code (行政区划代码) in the stores' credit codes. */
  division: string;
  stores: DemoStore[];
  /** Stores that came with the demo accounts (by credit code), and their units. */
  accountStores: { creditCode: string; unit: string; floor: string; areaM2: number; since: string }[];
  /** Units never let (or not at the moment). */
  vacant: { code: string; floor: string; areaM2: number }[];
}

const DISTRICTS: Record<string, DemoDistrict> = {
  "xuzhou-pengcheng": {
    division: "320300",
    stores: [
      {
        n: 1,
        name: "星巴克彭城广场店",
        category: "catering",
        floor: "1F",
        unit: "A-105",
        areaM2: 180,
        staffCount: 12,
        since: "2021-04-01",
      },
      {
        n: 2,
        name: "优衣库彭城店",
        category: "retail",
        floor: "2F",
        unit: "B-201",
        areaM2: 820,
        staffCount: 30,
        since: "2020-09-15",
      },
      {
        n: 3,
        name: "海底捞彭城广场店",
        category: "catering",
        floor: "3F",
        unit: "C-301",
        areaM2: 650,
        staffCount: 58,
        since: "2022-01-10",
      },
      {
        n: 4,
        name: "屈臣氏彭城店",
        category: "retail",
        floor: "1F",
        unit: "A-108",
        areaM2: 220,
        staffCount: 9,
        since: "2019-06-01",
      },
      {
        n: 5,
        name: "万达影城彭城店",
        category: "entertainment",
        floor: "4F",
        unit: "D-401",
        areaM2: 2400,
        staffCount: 35,
        since: "2018-12-20",
      },
      {
        n: 6,
        name: "一点点奶茶彭城店",
        category: "catering",
        floor: "1F",
        unit: "A-110",
        areaM2: 40,
        staffCount: 4,
        since: "2021-07-01",
        closedOn: "2026-03-31",
      },
    ],
    accountStores: [{
      creditCode: "91320300MA1MGY3K2D",
      unit: "A-101",
      floor: "1F",
      areaM2: 1200,
      since: "2018-09-01",
    }],
    vacant: [{ code: "B-205", floor: "2F", areaM2: 160 }, { code: "C-306", floor: "3F", areaM2: 95 }],
  },
  "beijing-wangfujing": {
    division: "110101",
    stores: [
      {
        n: 1,
        name: "王府井书店",
        category: "culture",
        floor: "1F",
        unit: "1-101",
        areaM2: 1800,
        staffCount: 40,
        since: "2015-01-01",
      },
      {
        n: 2,
        name: "全聚德王府井店",
        category: "catering",
        floor: "2F",
        unit: "2-201",
        areaM2: 900,
        staffCount: 70,
        since: "2016-05-01",
      },
      {
        n: 3,
        name: "北京百货大楼",
        category: "retail",
        floor: "1F",
        unit: "1-102",
        areaM2: 3000,
        staffCount: 120,
        since: "2015-01-01",
      },
      {
        n: 4,
        name: "东来顺王府井店",
        category: "catering",
        floor: "3F",
        unit: "3-301",
        areaM2: 500,
        staffCount: 45,
        since: "2019-03-01",
      },
      {
        n: 5,
        name: "李宁王府井店",
        category: "retail",
        floor: "1F",
        unit: "1-103",
        areaM2: 400,
        staffCount: 15,
        since: "2023-08-18",
      },
      {
        n: 6,
        name: "稻香村王府井店",
        category: "retail",
        floor: "1F",
        unit: "1-106",
        areaM2: 120,
        staffCount: 8,
        since: "2017-02-01",
        closedOn: "2026-05-31",
      },
    ],
    accountStores: [],
    vacant: [{ code: "2-208", floor: "2F", areaM2: 210 }],
  },
};

/** Districts other than the demo ones (a district added to tenants/, tests) get three plain stores. */
const OTHER: DemoDistrict = {
  division: "320300",
  stores: [
    {
      n: 1,
      name: "演示门店一",
      category: "retail",
      floor: "1F",
      unit: "1-01",
      areaM2: 300,
      staffCount: 12,
      since: "2022-01-01",
    },
    {
      n: 2,
      name: "演示门店二",
      category: "catering",
      floor: "2F",
      unit: "2-01",
      areaM2: 200,
      staffCount: 18,
      since: "2022-01-01",
    },
    {
      n: 3,
      name: "演示门店三",
      category: "services",
      floor: "3F",
      unit: "3-01",
      areaM2: 120,
      staffCount: 6,
      since: "2023-06-01",
    },
  ],
  accountStores: [],
  vacant: [{ code: "3-02", floor: "3F", areaM2: 80 }],
};

export function demoCreditCode(division: string, n: number): string {
  const first17 = `91${division}MA1DM${String(n).padStart(4, "0")}`;
  return first17 + creditCodeCheckCharacter(first17);
}

export interface DemoFactsReport {
  storesCreated: number;
  unitsCreated: number;
}

/** Creates the district's demo stores and units where they are missing. */
export function ensureDemoFacts(db: Kysely<CoreDatabase>, tenantId: string): Promise<DemoFactsReport> {
  return withTenant(db, tenantId, async (tx) => {
    const tenant = await tx.selectFrom("core.tenants").select("slug").where("id", "=", tenantId)
      .executeTakeFirstOrThrow();
    const district = DISTRICTS[tenant.slug] ?? OTHER;
    let storesCreated = 0;
    const ids = new Map<string, string>();
    for (const store of district.stores) {
      const creditCode = demoCreditCode(district.division, store.n);
      const inserted = await tx.insertInto("core.organisations").values({
        tenant_id: tenantId,
        id: uuidv7(),
        kind: "store",
        name: store.name,
        credit_code: creditCode,
        category: store.category,
        floor: store.floor,
        unit: store.unit,
        area_m2: store.areaM2,
        staff_count: store.staffCount,
        status: store.closedOn ? "closed" : "active",
      }).onConflict((oc) => oc.columns(["tenant_id", "credit_code"]).doNothing()).returning("id")
        .executeTakeFirst();
      if (inserted) storesCreated++;
    }
    const codes = [
      ...district.stores.map((s) => demoCreditCode(district.division, s.n)),
      ...district.accountStores
        .map((s) => s.creditCode),
    ];
    for (
      const row of await tx.selectFrom("core.organisations").select(["id", "credit_code"])
        .where("kind", "=", "store").where("credit_code", "in", codes).execute()
    ) ids.set(row.credit_code!, row.id);

    if (await tx.selectFrom("core.units").select("id").limit(1).executeTakeFirst()) {
      return { storesCreated, unitsCreated: 0 };
    }
    const units = [
      ...district.accountStores.filter((s) => ids.has(s.creditCode)).map((s) => ({
        code: s.unit,
        floor: s.floor,
        areaM2: s.areaM2,
        occupancies: [{ storeId: ids.get(s.creditCode)!, since: s.since }],
      })),
      ...district.stores.map((s) => ({
        code: s.unit,
        floor: s.floor,
        areaM2: s.areaM2,
        occupancies: [{
          storeId: ids.get(demoCreditCode(district.division, s.n))!,
          since: s.since,
          until: s.closedOn ? nextDay(s.closedOn) : undefined,
        }],
      })),
      ...district.vacant.map((v) => ({ ...v, occupancies: [] })),
    ];
    await replaceUnits(tx, tenantId, "system:demo-data", { units });
    return { storesCreated, unitsCreated: units.length };
  });
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
