/**
 * A CSV reader after RFC 4180 as spreadsheets write it: quoted cells may hold delimiters, doubled quotes and line
 * breaks; lines end in CRLF or LF. The delimiter is a comma, or a tab when the header row has tabs and no commas
 * (Excel's "Unicode text"). Each record keeps the row number a spreadsheet shows for it (the header is row 1), so
 * problems can be reported where the person will look for them. Browser-safe.
 */

export interface CsvRecord {
  /** The record's row as a spreadsheet numbers it: the header is row 1, the first data row is row 2. */
  row: number;
  cells: string[];
}

export class CsvSyntaxError extends Error {
  constructor(public readonly row: number, message: string) {
    super(message);
    this.name = "CsvSyntaxError";
  }
}

function delimiterOf(text: string): "," | "\t" {
  const end = text.search(/\r?\n/);
  const header = end === -1 ? text : text.slice(0, end);
  return header.includes("\t") && !header.includes(",") ? "\t" : ",";
}

/** True for a record without any content (a blank line, or Excel's trailing ",,,," lines). */
export function isBlank(record: CsvRecord): boolean {
  return record.cells.every((cell) => cell.trim() === "");
}

/**
 * Reads every record. `limit` stops after that many records (the preview reads a few rows of a large file).
 * Throws CsvSyntaxError for a quote that is never closed or text right after a closing quote.
 */
export function parseCsv(text: string, options: { limit?: number } = {}): CsvRecord[] {
  const delimiter = delimiterOf(text);
  const limit = options.limit ?? Infinity;
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let i = 0;
  const endRecord = () => {
    cells.push(cell);
    records.push({ row: records.length + 1, cells });
    cells = [];
    cell = "";
  };
  while (i < text.length && records.length < limit) {
    const char = text[i];
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        const next = text[i];
        if (next !== undefined && next !== delimiter && next !== "\r" && next !== "\n") {
          throw new CsvSyntaxError(
            records.length + 1,
            "text after a closing quote; a quote inside a cell is written twice",
          );
        }
        continue;
      }
      cell += char;
      i++;
      continue;
    }
    if (char === '"' && cell === "") {
      quoted = true;
      i++;
    } else if (char === delimiter) {
      cells.push(cell);
      cell = "";
      i++;
    } else if (char === "\r" || char === "\n") {
      endRecord();
      i += char === "\r" && text[i + 1] === "\n" ? 2 : 1;
    } else {
      cell += char;
      i++;
    }
  }
  if (quoted) throw new CsvSyntaxError(records.length + 1, "a quoted cell is never closed");
  // The last line needs no line break; a file ending in one has no record after it.
  if (records.length < limit && (cell !== "" || cells.length > 0)) endRecord();
  return records;
}
