/**
 * What PUT /api/v1/district/units accepts: the district's whole list of units (铺位), each with its occupancy
 * history. Field rules are checked here; rules across rows (codes listed twice, overlapping occupancies, stores of
 * the district) by units.ts before anything is written.
 */
import { z } from "@hono/zod-openapi";

export const MAX_UNITS = 2_000;

const localDate = z.iso.date({ error: "a date like 2026-03-01" });

export const OccupancyInput = z.strictObject({
  storeId: z.uuid({ error: "a store id" }),
  since: localDate.describe("first day the store holds the unit (district-local date)"),
  until: localDate.nullable().optional().describe("the day it was free again (exclusive); absent or null: still there"),
}).refine((o) => o.until == null || o.until > o.since, { path: ["until"], error: "must be after since" });

export const UnitInput = z.strictObject({
  code: z.string().trim().min(1, "give the unit's code").max(32, "at most 32 characters")
    .regex(/^\S+$/, "no spaces in a unit code").describe("as on the floor plan, e.g. 1F-101"),
  floor: z.string().trim().min(1, "give the floor").max(20, "at most 20 characters"),
  areaM2: z.number({ error: "the area in square metres" }).positive("must be more than 0").max(10_000_000)
    .refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, "at most two decimals"),
  occupancies: z.array(OccupancyInput).max(100).default([]),
});

export const UnitsInput = z.strictObject({
  units: z.array(UnitInput).max(MAX_UNITS, `at most ${MAX_UNITS} units`),
});

export type UnitsInputValue = z.infer<typeof UnitsInput>;
