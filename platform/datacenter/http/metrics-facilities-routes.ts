/**
 * GET /api/v1/metrics/parking and /api/v1/metrics/sensors: the district's car parks and sensors, from the rollups.
 * District equipment, so district callers only; a store's account gets 403.
 */
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { Database } from "../../db/database.ts";
import { type TenantTx, withTenant } from "../../db/tenant.ts";
import { tenantPrincipalOf } from "../../http/auth.ts";
import { guardedRoute } from "../../http/guarded-route.ts";
import type { AppEnv } from "../../http/request-context.ts";
import { parkingSeries } from "../metrics-parking.ts";
import { sensorSeries } from "../metrics-sensors.ts";
import { Granularity, PeriodQuery, requireDistrictCaller, seriesRangeOf, storeProblems } from "./metrics-query.ts";

const SeriesQuery = PeriodQuery.extend({ granularity: Granularity });

/** A district-wide series (operators only) over the queried range, answered with the range it covers. */
async function districtSeries<S extends object>(
  c: Context<AppEnv>,
  db: Database["db"],
  query: z.infer<typeof SeriesQuery>,
  series: (tx: TenantTx, tenantId: string, range: ReturnType<typeof seriesRangeOf>) => Promise<S>,
) {
  requireDistrictCaller(c);
  const range = seriesRangeOf(query);
  const tenantId = tenantPrincipalOf(c).tenantId;
  const figures = await withTenant(db, tenantId, (tx) => series(tx, tenantId, range));
  return { from: range.from.toISOString(), to: range.to.toISOString(), granularity: range.granularity, ...figures };
}

/** What every series answer starts with: the range it covers (see `districtSeries`). */
const SeriesMeta = { from: z.string(), to: z.string(), granularity: z.enum(["hour", "day"]) };

const Stats = z.object({ min: z.number(), avg: z.number(), max: z.number(), readings: z.number() }).nullable();
const SensorFigures = {
  energyKwh: z.number().nullable(),
  temperatureC: Stats,
  humidityPct: Stats,
  pm25: Stats,
};

export function registerFacilitiesRoutes(app: OpenAPIHono<AppEnv>, deps: { database: Database }): void {
  const db = deps.database.db;

  app.openapi(
    guardedRoute({ permission: "metrics:read" }, {
      method: "get",
      path: "/api/v1/metrics/parking",
      tags: ["Data center"],
      summary: "Parking entries, exits and vehicles inside, per hour or day and per gate",
      description: [
        "Buckets with data only, each with `occupancy`: vehicles inside at the bucket's end = every entry − every " +
        "exit counted before then (all history in the rollups; not clamped, so missed plate reads show as drift).",
        "`totals.avgStayMinutes` is an estimate by Little's law: vehicle-hours inside during the range (per hour, " +
        "the mean of the occupancy at its start and end) × 60 ÷ entries; close when about as many vehicles are " +
        "inside at the end as at the start. `peakOccupancy`: the highest occupancy at the start or at an hour's end.",
      ].join("\n\n"),
      request: { query: SeriesQuery },
      responses: {
        200: {
          description: "The series",
          content: {
            "application/json": {
              schema: z.object({
                ...SeriesMeta,
                buckets: z.array(z.object({
                  start: z.string(),
                  entries: z.number(),
                  exits: z.number(),
                  occupancy: z.number(),
                })),
                gates: z.array(z.object({ gateId: z.string(), entries: z.number(), exits: z.number() })),
                totals: z.object({
                  entries: z.number(),
                  exits: z.number(),
                  occupancyAtStart: z.number(),
                  occupancyAtEnd: z.number(),
                  peakOccupancy: z.number(),
                  avgStayMinutes: z.number().nullable(),
                }),
              }).openapi("MetricsParking"),
            },
          },
        },
        ...storeProblems,
      },
    }),
    async (c) => c.json(await districtSeries(c, db, c.req.valid("query"), parkingSeries), 200),
  );

  app.openapi(
    guardedRoute({ permission: "metrics:read" }, {
      method: "get",
      path: "/api/v1/metrics/sensors",
      tags: ["Data center"],
      summary: "Energy use and temperature, humidity and PM2.5 per hour or day, and over the range",
      description: "`energyKwh` = the sum of the energy readings (each the kWh used since the meter's previous " +
        "reading). For temperature (°C), humidity (%) and PM2.5 (µg/m³): the lowest and highest reading and the " +
        "mean of all readings (sum ÷ count over every device, 2 decimals), with the number of readings. A figure " +
        "without readings is null; buckets with data only.",
      request: { query: SeriesQuery },
      responses: {
        200: {
          description: "The series",
          content: {
            "application/json": {
              schema: z.object({
                ...SeriesMeta,
                buckets: z.array(z.object({ start: z.string(), ...SensorFigures })),
                totals: z.object({ ...SensorFigures, devices: z.number().int() }),
              }).openapi("MetricsSensors"),
            },
          },
        },
        ...storeProblems,
      },
    }),
    async (c) => c.json(await districtSeries(c, db, c.req.valid("query"), sensorSeries), 200),
  );
}
