/**
 * Paging raw events in time order without OFFSET: each page starts after the last row of the one before, by
 * (at, scope_id, event_id), the tables' unique order. `at` is carried as PostgreSQL's own text, so rows that differ
 * by microseconds (finer than a JavaScript Date) are neither skipped nor repeated.
 */
import { type RawBuilder, sql } from "kysely";

export interface RawCursor {
  at: string;
  scope: string;
  id: string;
}

export function afterCursor(cursor: RawCursor | undefined): RawBuilder<boolean> {
  return cursor
    ? sql<boolean>`(at, scope_id, event_id) > (${cursor.at}::timestamptz, ${cursor.scope}::uuid, ${cursor.id})`
    : sql<boolean>`true`;
}

/** The cursor after a page, or undefined when the page was the last (shorter than asked for). */
export function nextCursor(
  rows: { at_text: string; scope_id: string; event_id: string }[],
  limit: number,
): RawCursor | undefined {
  if (rows.length < limit) return undefined;
  const last = rows[rows.length - 1];
  return { at: last.at_text, scope: last.scope_id, id: last.event_id };
}

export const atText = sql<string>`at::text`.as("at_text");
