/**
 * GET /api/v1/exports/<name>.csv: data files for spreadsheets (sales, footfall, parking, daily metrics). UTF-8 with
 * a byte order mark so Excel reads Chinese correctly, streamed page by page, personal data masked, each download
 * audited. Store users get their own store's sales and footfall only; parking is the district's.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "@hono/zod-openapi";
import { tenantPrincipalOf } from "../../http/auth.ts";
import { guardedRoute } from "../../http/guarded-route.ts";
import { problem } from "../../http/openapi-shared.ts";
import { ProblemError } from "../../http/problem.ts";
import type { AppEnv } from "../../http/request-context.ts";
import { localDay } from "../csv/local-time.ts";
import { csvStream } from "../exports/csv-stream.ts";
import { dailyExport } from "../exports/daily-export.ts";
import type { CsvExport } from "../exports/export-kind.ts";
import { footfallExport } from "../exports/footfall-export.ts";
import { parkingExport } from "../exports/parking-export.ts";
import { recordExport } from "../exports/record-export.ts";
import { salesExport } from "../exports/sales-export.ts";
import type { DatacenterDeps } from "./events-routes.ts";

export const CSV_EXPORTS: readonly CsvExport[] = [salesExport, footfallExport, parkingExport, dailyExport];

const DAY_MS = 86_400_000;

function queryOf(csv: CsvExport) {
  return z.object({
    from: z.iso.datetime({ offset: true }).describe("start, inclusive (ISO 8601 with offset)"),
    to: z.iso.datetime({ offset: true }).describe(`end, exclusive; at most ${csv.maxDays} days after from`),
    ...(csv.scope === "store"
      ? { storeId: z.uuid().optional().describe("one store; store users always get their own") }
      : {}),
    lang: z.enum(["zh-CN", "en-US"]).default("zh-CN").describe("language of the headings and of words in cells"),
  });
}

export function registerExportRoutes(app: OpenAPIHono<AppEnv>, deps: DatacenterDeps): void {
  const db = deps.database.db;
  for (const csv of CSV_EXPORTS) {
    app.openapi(
      guardedRoute({ permission: "data:export" }, {
        method: "get",
        path: `/api/v1/exports/${csv.name}.csv`,
        tags: ["Data center"],
        summary: csv.summary,
        description: `${csv.description} Columns (zh-CN / en-US): ${
          csv.headings["zh-CN"].map((h, i) => `${h} / ${csv.headings["en-US"][i]}`).join(", ")
        }. UTF-8 with a byte order mark; every download is recorded in the audit log (datacenter.export).`,
        request: { query: queryOf(csv) },
        responses: {
          200: {
            description: "The file (Content-Disposition: attachment)",
            content: { "text/csv": { schema: z.string() } },
          },
          403: { description: "Another store's data, or district data for a store's account", content: problem },
          422: { description: "Invalid range", content: problem },
        },
      }),
      async (c) => {
        const principal = tenantPrincipalOf(c);
        const query = c.req.valid("query") as { from: string; to: string; storeId?: string; lang: "zh-CN" | "en-US" };
        const from = new Date(query.from);
        const to = new Date(query.to);
        if (to <= from) {
          throw new ProblemError(422, "to must be after from.", [{ field: "to", message: "must be after from" }]);
        }
        if (to.getTime() - from.getTime() > csv.maxDays * DAY_MS) {
          throw new ProblemError(422, "The range is too long.", [
            { field: "to", message: `at most ${csv.maxDays} days after from` },
          ]);
        }
        if (principal.organisationId && csv.scope === "district") {
          throw new ProblemError(403, "This file holds the district's data; a store's account cannot have it.");
        }
        if (principal.organisationId && query.storeId && query.storeId !== principal.organisationId) {
          throw new ProblemError(403, "A store's account exports only its own store.");
        }
        const storeId = principal.organisationId ?? query.storeId;
        const facts = await recordExport(db, {
          tenantId: principal.tenantId,
          actor: principal.actor,
          name: csv.name,
          from,
          to,
          storeId,
          lang: query.lang,
        });
        const request = {
          db,
          keys: deps.keys,
          tenantId: principal.tenantId,
          from,
          to,
          storeId,
          ...facts,
          lang: query.lang,
        };
        const days = `${localDay(from, facts.timeZone)}_${localDay(new Date(to.getTime() - 1), facts.timeZone)}`;
        return c.body(
          csvStream(csv.headings[query.lang], (cursor) => csv.page(request, cursor)),
          200,
          {
            "content-type": "text/csv; charset=utf-8",
            "content-disposition": `attachment; filename="${csv.name}_${days}.csv"`,
            "cache-control": "no-store",
          },
        );
      },
    );
  }
}
