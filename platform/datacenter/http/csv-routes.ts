/**
 * POST /api/v1/events/csv: sales or footfall from a spreadsheet, for stores without a POS connection and for
 * history. The file is the request body (text/csv), checked whole and stored through the same path as
 * POST /api/v1/events; see csv/import-csv.ts.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "@hono/zod-openapi";
import { tenantPrincipalOf } from "../../http/auth.ts";
import { guardedRoute } from "../../http/guarded-route.ts";
import { problem } from "../../http/openapi-shared.ts";
import { ProblemError } from "../../http/problem.ts";
import type { AppEnv } from "../../http/request-context.ts";
import { coreIngestRegistry } from "../core-types.ts";
import { IMPORT_COLUMNS, IMPORT_TYPES } from "../csv/columns.ts";
import { charsetOf } from "../csv/decode.ts";
import { importCsv, MAX_CSV_BYTES, MAX_CSV_ROWS } from "../csv/import-csv.ts";
import type { DatacenterDeps } from "./events-routes.ts";

/** What browsers and tools call a .csv file (Windows names it after Excel). */
const CSV_TYPES = ["text/csv", "application/csv", "text/plain", "application/vnd.ms-excel", "application/octet-stream"];

function columnTable(type: keyof typeof IMPORT_COLUMNS): string {
  return IMPORT_COLUMNS[type].map((c) =>
    `| \`${c.name}\` | ${[c.zh, ...c.aliases].join(", ")} | ${c.required ? "yes" : ""} | ${c.doc} |`
  ).join("\n");
}

const POLICY = `
The body is a CSV file (\`Content-Type: text/csv\`) with a header row; one row is one sale or one footfall count.
Headings may be the column names below or the Chinese headings people use (case, spaces and full-width brackets do
not matter); columns may come in any order; a column not listed refuses the file. The file may be UTF-8, with or
without a byte order mark, or GBK/GB18030 as Excel saves "CSV" on a Chinese Windows (detected; or say
\`charset=gbk\`). Commas separate cells (tabs when the header has tabs and no commas); quotes as in RFC 4180.

**Money**: \`amount\` is yuan with at most two decimals (\`128.50\`, \`¥1,280.00\`), stored exactly as integer fen;
or give \`amountFen\`, whole fen, instead. **Times** without an offset (\`2025-06-01 14:30\`, \`2025/6/1 14:30:05\`)
are the district's local time.

**All or nothing**, like POST /api/v1/events: any bad cell refuses the whole file with 422, and each problem names
the spreadsheet row (the header is row 1) and the column: \`rows.12.amount\`, with \`row\` and \`column\` (the heading as
the file wrote it). Heading problems are \`header.<column>\`. At most ${MAX_CSV_ROWS} rows and ${MAX_CSV_BYTES} bytes
(larger: 413) per file; split bigger files.

**Idempotent**: a row's \`id\` is its idempotency key; without an id column, the id is derived from the store,
receipt number and refund flag (sales) or the store, counter, zone and time (footfall), so importing the same file
again stores nothing twice and lists the rows in \`duplicates\`.

**Stores**: \`storeId\` is a store's id or its exact name. A store's account imports its own store only (another
store refuses the file with 403) and may leave \`storeId\` out.

Sale columns:

| column | also accepted | required | what |
| --- | --- | --- | --- |
${columnTable("sale")}

Footfall columns:

| column | also accepted | required | what |
| --- | --- | --- | --- |
${columnTable("footfall")}
`.trim();

async function readBody(request: Request): Promise<Uint8Array> {
  const tooLarge = () =>
    new ProblemError(413, `The file is larger than ${MAX_CSV_BYTES / 1024 / 1024} MiB; split it.`, [
      { field: "body", message: `at most ${MAX_CSV_BYTES} bytes` },
    ]);
  if (Number(request.headers.get("content-length") ?? 0) > MAX_CSV_BYTES) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body?.getReader();
  // Counted while reading, so a body without (or with a false) Content-Length is not read past the limit.
  for (let next = await reader?.read(); next && !next.done; next = await reader!.read()) {
    size += next.value.byteLength;
    if (size > MAX_CSV_BYTES) {
      await reader!.cancel();
      throw tooLarge();
    }
    chunks.push(next.value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

export function registerCsvImportRoutes(app: OpenAPIHono<AppEnv>, deps: DatacenterDeps): void {
  const registry = deps.ingestTypes ?? coreIngestRegistry();
  const Duplicate = z.object({ row: z.number().int(), id: z.string() });
  app.openapi(
    guardedRoute({ permission: "data:import" }, {
      method: "post",
      path: "/api/v1/events/csv",
      tags: ["Data center"],
      summary: "Import sales or footfall from a CSV file (all or nothing)",
      description: POLICY,
      request: {
        query: z.object({ type: z.enum(IMPORT_TYPES).describe("what the rows are: sale or footfall") }),
        body: {
          required: true,
          content: { "text/csv": { schema: z.string().describe("the CSV file, header row first") } },
        },
      },
      responses: {
        200: {
          description: "Stored; rows received before are listed as duplicates",
          content: {
            "application/json": {
              schema: z.object({
                type: z.enum(IMPORT_TYPES),
                encoding: z.enum(["utf-8", "gb18030", "utf-16le"]).describe("how the file was read"),
                rows: z.number().int().describe("data rows read"),
                accepted: z.number().int().describe("rows stored now"),
                duplicates: z.array(Duplicate).describe("rows received before, by spreadsheet row"),
              }),
            },
          },
        },
        403: { description: "Rows of another store; nothing stored", content: problem },
        413: { description: "The file is too large", content: problem },
        415: { description: "The body is not a CSV file", content: problem },
        422: { description: "Invalid rows or headings, each named; nothing stored", content: problem },
      },
    }),
    async (c) => {
      const contentType = c.req.header("content-type") ?? "";
      const mediaType = contentType.split(";")[0].trim().toLowerCase();
      if (!CSV_TYPES.includes(mediaType)) {
        throw new ProblemError(415, "Send the file as text/csv.", [{
          field: "content-type",
          message: "send text/csv",
        }]);
      }
      const result = await importCsv(deps.database.db, deps.keys, registry, tenantPrincipalOf(c), {
        type: c.req.valid("query").type,
        bytes: await readBody(c.req.raw),
        charset: charsetOf(contentType),
      });
      return c.json(result, 200);
    },
  );
}
