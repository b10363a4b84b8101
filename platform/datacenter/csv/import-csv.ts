/**
 * Importing a CSV file of sales or footfall (for stores without a POS connection, and for history): the file is
 * decoded, read and checked whole, then stored through `ingestBatch` exactly like a batch of POST /api/v1/events —
 * same schemas, same store scoping, same idempotency, all or nothing. Problems name the spreadsheet row and the
 * column (`rows.12.amount`) instead of the batch index, so the person can fix the file where they see it.
 */
import type { Kysely } from "kysely";
import { appendAudit } from "../../audit/audit-log.ts";
import type { CoreDatabase } from "../../db/schema.ts";
import { withTenant } from "../../db/tenant.ts";
import { type FieldProblem, ProblemError } from "../../http/problem.ts";
import type { Principal } from "../../identity/principal.ts";
import type { TenantKeyStore } from "../../privacy/encryption/tenant-keys.ts";
import { type BatchEvent, batchSchema, MAX_BATCH_EVENTS } from "../batch.ts";
import type { IngestRegistry } from "../event-type.ts";
import { ingestBatch } from "../ingest.ts";
import { IMPORT_COLUMNS, type ImportType } from "./columns.ts";
import { CsvDecodeError, type CsvEncoding, decodeCsv } from "./decode.ts";
import { derivedId } from "./derive-id.ts";
import { type CsvProblem, type MappedRow, mapRecords, rowProblem } from "./map-rows.ts";
import { CsvSyntaxError, parseCsv } from "./parse.ts";

/** 4 MiB: about 40,000 rows of sales, well above what one import may hold. */
export const MAX_CSV_BYTES = 4 * 1024 * 1024;
/** One import is one batch of ingestBatch: all or nothing in one transaction. */
export const MAX_CSV_ROWS = MAX_BATCH_EVENTS;

export const CSV_IMPORT_AUDIT_ACTION = "datacenter.import";

export interface CsvImportResult {
  type: ImportType;
  encoding: CsvEncoding;
  /** Data rows read (blank lines are skipped). */
  rows: number;
  accepted: number;
  /** Rows received before (same id), by spreadsheet row; nothing changed for them. */
  duplicates: { row: number; id: string }[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INVALID = "The file has invalid rows; nothing was stored.";

type TenantPrincipal = Principal & { tenantId: string };

function readFile(bytes: Uint8Array, charset: string | undefined) {
  try {
    const { text, encoding } = decodeCsv(bytes, charset);
    return { records: parseCsv(text), encoding };
  } catch (error) {
    if (error instanceof CsvDecodeError) {
      throw new ProblemError(422, INVALID, [{ field: "body", message: error.message }]);
    }
    if (error instanceof CsvSyntaxError) {
      throw new ProblemError(422, INVALID, [{ field: `rows.${error.row}`, message: error.message }]);
    }
    throw error;
  }
}

/** The district's time zone and stores (id and name), read once for the whole file. */
function districtFacts(db: Kysely<CoreDatabase>, tenantId: string) {
  return withTenant(db, tenantId, async (tx) => ({
    timeZone: (await tx.selectFrom("core.tenants").select("time_zone").where("id", "=", tenantId)
      .executeTakeFirstOrThrow()).time_zone,
    stores: await tx.selectFrom("core.organisations").select(["id", "name"]).where("kind", "=", "store").execute(),
  }));
}

export async function importCsv(
  db: Kysely<CoreDatabase>,
  keys: TenantKeyStore,
  registry: IngestRegistry,
  principal: TenantPrincipal,
  input: { type: ImportType; bytes: Uint8Array; charset?: string },
): Promise<CsvImportResult> {
  const { type } = input;
  if (input.bytes.byteLength > MAX_CSV_BYTES) {
    throw new ProblemError(413, `The file is larger than ${MAX_CSV_BYTES / 1024 / 1024} MiB; split it.`, [
      { field: "body", message: `at most ${MAX_CSV_BYTES} bytes` },
    ]);
  }
  const { records, encoding } = readFile(input.bytes, input.charset);
  const facts = await districtFacts(db, principal.tenantId);
  const mapped = mapRecords(type, records, facts.timeZone);
  if (mapped.problems.some((p) => p.field.startsWith("header"))) throw new ProblemError(422, INVALID, mapped.problems);
  if (mapped.rows.length > MAX_CSV_ROWS) {
    throw new ProblemError(422, INVALID, [
      {
        field: "rows",
        message: `at most ${MAX_CSV_ROWS} rows per file (this one has ${mapped.rows.length}); split it`,
      },
    ]);
  }
  const columnOf = (field: string) => {
    const known = mapped.columns.get(field);
    if (known) return known;
    const column = IMPORT_COLUMNS[type].find((c) => c.field === field);
    return { name: column?.name ?? field, heading: column?.zh ?? field };
  };
  const problems: CsvProblem[] = [...mapped.problems];
  resolveStores(mapped.rows, facts.stores, principal, type, problems, columnOf);

  const events: BatchEvent[] = [];
  for (const { fields } of mapped.rows) {
    const id = typeof fields.id === "string" ? fields.id : await derivedId(type, fields);
    events.push({ ...fields, type, id: id ?? "" } as BatchEvent);
  }
  const reported = new Set(problems.map((p) => p.field));
  const parsed = batchSchema(registry).safeParse({ events });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [, index, field] = issue.path;
      if (typeof index !== "number" || typeof field !== "string") continue;
      const { row, fields } = mapped.rows[index];
      // A derived id is missing only when its parts are, and their own problems say so.
      if (field === "id" && fields.id === undefined) continue;
      const message = fields[field] === undefined ? "is empty; a value is needed" : issue.message;
      const problem = rowProblem(row, columnOf(field), message);
      if (!reported.has(problem.field)) problems.push(problem);
      reported.add(problem.field);
    }
    if (problems.length === 0) problems.push({ field: "rows", message: parsed.error.issues[0].message });
  }
  if (problems.length) throw new ProblemError(422, INVALID, problems.sort(inFileOrder(mapped.columns)));

  let stored;
  try {
    stored = await ingestBatch(db, keys, registry, principal, parsed.data!.events as BatchEvent[]);
  } catch (error) {
    throw asRowProblem(error, mapped.rows, columnOf);
  }
  const duplicates = duplicateRows(events, mapped.rows, stored.duplicates);
  await withTenant(db, principal.tenantId, (tx) =>
    appendAudit(tx, {
      actor: principal.actor,
      action: CSV_IMPORT_AUDIT_ACTION,
      target: `events:${type}`,
      details: { rows: mapped.rows.length, accepted: stored.accepted, duplicates: duplicates.length, encoding },
    }));
  return { type, encoding, rows: mapped.rows.length, accepted: stored.accepted, duplicates };
}

/**
 * ingestBatch lists a duplicate's id once per duplicate event. An id that is in the file n times and listed k times
 * was stored from its first row when k < n; either way its last k rows are the duplicates.
 */
function duplicateRows(events: BatchEvent[], rows: MappedRow[], ids: string[]): { row: number; id: string }[] {
  const listed = new Map<string, number>();
  for (const id of ids) listed.set(id, (listed.get(id) ?? 0) + 1);
  const rowsOf = new Map<string, number[]>();
  events.forEach((event, index) => rowsOf.set(event.id, [...(rowsOf.get(event.id) ?? []), rows[index].row]));
  return [...listed].flatMap(([id, count]) => rowsOf.get(id)!.slice(-count).map((row) => ({ row, id })))
    .sort((a, b) => a.row - b.row);
}

/** By row, then by the column's place in the file, as a person reads the sheet. */
function inFileOrder(columns: Map<string, { name: string }>) {
  const place = new Map([...columns.values()].map((column, index) => [column.name, index]));
  const placeOf = (p: CsvProblem) => place.get(p.field.split(".")[2] ?? "") ?? -1;
  return (a: CsvProblem, b: CsvProblem) => (a.row ?? 0) - (b.row ?? 0) || placeOf(a) - placeOf(b);
}

/**
 * Stores may be named by id or by their exact name in the district. A store's own account may leave the store out
 * of a sale: it can only import for its store anyway (ingestBatch refuses any other with 403).
 */
function resolveStores(
  rows: MappedRow[],
  stores: { id: string; name: string }[],
  principal: TenantPrincipal,
  type: ImportType,
  problems: CsvProblem[],
  columnOf: (field: string) => { name: string; heading: string },
): void {
  const byName = new Map<string, string[]>();
  for (const store of stores) byName.set(store.name.trim(), [...(byName.get(store.name.trim()) ?? []), store.id]);
  for (const { row, fields } of rows) {
    const given = fields.storeId;
    if (given === undefined) {
      if (type === "sale" && principal.organisationId) fields.storeId = principal.organisationId;
      continue;
    }
    if (typeof given !== "string" || UUID.test(given)) continue;
    const ids = byName.get(given) ?? [];
    if (ids.length === 1) fields.storeId = ids[0];
    else {
      problems.push(rowProblem(
        row,
        columnOf("storeId"),
        ids.length ? "several stores have this name; use the store's id" : "no store of this name in the district",
      ));
    }
  }
}

/** ingestBatch's problems name `events.N.field`; the person needs the row and the column. */
function asRowProblem(
  error: unknown,
  rows: MappedRow[],
  columnOf: (field: string) => { name: string; heading: string },
): unknown {
  if (!(error instanceof ProblemError) || !error.errors?.length) return error;
  const remapped = error.errors.map((problem: FieldProblem & { index?: number }) => {
    const match = /^events\.(\d+)\.([^.]+)/.exec(problem.field);
    if (!match) return problem;
    return rowProblem(rows[Number(match[1])].row, columnOf(match[2]), problem.message);
  });
  return new ProblemError(error.status, error.message.replace("batch has", "file has"), remapped, error.type);
}
