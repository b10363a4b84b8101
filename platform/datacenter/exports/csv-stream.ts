/**
 * A CSV download as a stream: the byte order mark and the heading first, then one page of rows at a time, each
 * page read in its own short transaction when the client is ready for it. A year of a busy district's receipts is
 * never held in memory, and other requests (one PGlite connection) get their turn between pages.
 */
import { type CsvCell, csvLine, UTF8_BOM } from "../csv/write.ts";

export interface CsvPage<C> {
  rows: CsvCell[][];
  /** Where the next page starts; undefined after the last page. */
  next?: C;
}

export function csvStream<C>(
  heading: readonly string[],
  page: (cursor: C | undefined) => Promise<CsvPage<C>>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: C | undefined;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(UTF8_BOM + csvLine(heading)));
        return;
      }
      const { rows, next } = await page(cursor);
      if (rows.length) controller.enqueue(encoder.encode(rows.map(csvLine).join("")));
      if (next === undefined) controller.close();
      else cursor = next;
    },
  });
}
