/** Query parameters and caller scoping shared by the metrics routes. */
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { tenantPrincipalOf } from "../../http/auth.ts";
import { problem } from "../../http/openapi-shared.ts";
import { ProblemError } from "../../http/problem.ts";
import type { AppEnv } from "../../http/request-context.ts";
import { MAX_SPAN_MS } from "../metrics-summary.ts";

export const Instant = z.iso.datetime({ offset: true });

export const PeriodQuery = z.object({
  from: Instant.describe("start, inclusive (ISO 8601 with offset, e.g. 2026-11-01T00:00:00+08:00)"),
  to: Instant.describe("end, exclusive"),
});

export const StoreParam = z.uuid().optional().describe("one store; store users always get their own");

export const Granularity = z.enum(["hour", "day"]).default("hour").describe("day buckets start at local midnight");

/** from < to, or 422 naming `to`. */
export function periodOf(query: { from: string; to: string }): { from: Date; to: Date } {
  const from = new Date(query.from);
  const to = new Date(query.to);
  if (to <= from) {
    throw new ProblemError(422, "to must be after from.", [{ field: "to", message: "must be after from" }]);
  }
  return { from, to };
}

/** A series query's period and granularity; 422 naming `to` when longer than that granularity's rollups answer. */
export function seriesRangeOf(
  query: { from: string; to: string; granularity: z.infer<typeof Granularity> },
): { from: Date; to: Date; granularity: z.infer<typeof Granularity> } {
  const range = { ...periodOf(query), granularity: query.granularity };
  if (range.to.getTime() - range.from.getTime() > MAX_SPAN_MS[range.granularity]) {
    throw new ProblemError(422, "The range is too long for this granularity.", [
      { field: "to", message: range.granularity === "hour" ? "at most 31 days of hours" : "at most 732 days" },
    ]);
  }
  return range;
}

/** The store a caller's numbers are limited to: their own for store users and store keys (403 for another). */
export function scopedStore(c: Context<AppEnv>, requested: string | undefined): string | undefined {
  const principal = tenantPrincipalOf(c);
  if (principal.organisationId && requested && requested !== principal.organisationId) {
    throw new ProblemError(403, "A store's account sees only its own store.");
  }
  return principal.organisationId ?? requested;
}

/** District-wide figures (per-store tables, parking, sensors) are for the operator, not for one store. */
export function requireDistrictCaller(c: Context<AppEnv>): void {
  if (tenantPrincipalOf(c).organisationId) {
    throw new ProblemError(403, "These figures are the district operator's; a store's account cannot read them.");
  }
}

export const storeProblems = {
  403: { description: "Another store's numbers, or district figures asked by a store's account", content: problem },
  422: { description: "Invalid range, named by field", content: problem },
};
