/**
 * From parsed records to events: the header row names the columns (canonical names or the Chinese headings, see
 * columns.ts), each data row becomes one event of the import's type, and every cell that cannot be read becomes a
 * problem naming its row and column (`rows.12.amount`). Pure: stores named by name and ids derived from receipts
 * are filled in by import-csv.ts.
 */
import type { FieldProblem } from "../../http/problem.ts";
import { columnByHeading, headingKey, IMPORT_COLUMNS, type ImportColumn, type ImportType } from "./columns.ts";
import { type CsvRecord, isBlank } from "./parse.ts";

/** A problem of the file: a heading (`header.amount`), a row's cell (`rows.12.amount`) or the rows (`rows`). */
export interface CsvProblem extends FieldProblem {
  /** The spreadsheet row (the header is row 1). */
  row?: number;
  /** The heading as the file wrote it. */
  column?: string;
}

export interface MappedRow {
  row: number;
  /** The event's fields as read from the cells (no `type`; `id` only when the file has an id column). */
  fields: Record<string, unknown>;
}

export interface MappedFile {
  rows: MappedRow[];
  /** field → the column that filled it: problems about a field name the column the person wrote. */
  columns: Map<string, { name: string; heading: string }>;
  problems: CsvProblem[];
}

export function rowProblem(row: number, column: { name: string; heading: string }, message: string): CsvProblem {
  return { field: `rows.${row}.${column.name}`, message, row, column: column.heading };
}

function headerProblems(type: ImportType, found: ImportColumn[]): CsvProblem[] {
  const problems: CsvProblem[] = [];
  const present = new Set(found.map((c) => c.name));
  for (const column of IMPORT_COLUMNS[type]) {
    if (column.required && !present.has(column.name)) {
      problems.push({
        field: `header.${column.name}`,
        message: `the file needs a column ${column.name} (${column.zh})`,
      });
    }
  }
  if (type === "sale") {
    if (!present.has("amount") && !present.has("amountFen")) {
      problems.push({
        field: "header.amount",
        message: "the file needs a column amount (金额(元)) or amountFen (金额(分))",
      });
    }
    if (present.has("amount") && present.has("amountFen")) {
      problems.push({ field: "header.amountFen", message: "give amount or amountFen, not both" });
    }
  }
  return problems;
}

export function mapRecords(type: ImportType, records: CsvRecord[], timeZone: string): MappedFile {
  const [header, ...data] = records;
  const columns = new Map<string, { name: string; heading: string }>();
  if (!header || isBlank(header)) {
    return { rows: [], columns, problems: [{ field: "header", message: "the file has no header row" }] };
  }
  const byHeading = columnByHeading(type);
  const accepted = IMPORT_COLUMNS[type].map((c) => c.name).join(", ");
  const problems: CsvProblem[] = [];
  const found = new Map<number, ImportColumn>();
  header.cells.forEach((heading, index) => {
    if (heading.trim() === "") return;
    const column = byHeading.get(headingKey(heading));
    if (!column) {
      problems.push({ field: `header.${heading.trim()}`, message: `unknown column; the columns are ${accepted}` });
    } else if ([...found.values()].some((c) => c.name === column.name)) {
      problems.push({ field: `header.${column.name}`, message: "this column appears twice" });
    } else {
      found.set(index, column);
      columns.set(column.field, { name: column.name, heading: heading.trim() });
    }
  });
  problems.push(...headerProblems(type, [...found.values()]));
  if (problems.length) return { rows: [], columns, problems };

  const rows: MappedRow[] = [];
  for (const record of data) {
    if (isBlank(record)) continue;
    if (record.cells.length > header.cells.length && record.cells.slice(header.cells.length).some((c) => c.trim())) {
      problems.push({
        field: `rows.${record.row}`,
        message: "more cells than the header has columns",
        row: record.row,
      });
      continue;
    }
    const fields: Record<string, unknown> = {};
    for (const [index, column] of found) {
      const read = column.read(record.cells[index] ?? "", { timeZone });
      if (!read.ok) problems.push(rowProblem(record.row, columns.get(column.field)!, read.message));
      else if (read.value !== undefined) fields[column.field] = read.value;
    }
    rows.push({ row: record.row, fields });
  }
  if (rows.length === 0 && problems.length === 0) {
    problems.push({ field: "rows", message: "the file has no data rows under its header" });
  }
  return { rows, columns, problems };
}
