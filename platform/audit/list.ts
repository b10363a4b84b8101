/**
 * The audit viewer's query: newest first, filtered by actor, action (exact, or a prefix ending in "." such as
 * "pii.") and a time range, paged by seq. The cursor is the seq to continue below, as text; it stays valid
 * however many entries are appended meanwhile, since pages are "seq < cursor".
 */
import type { Transaction } from "kysely";
import type { CoreDatabase } from "../db/schema.ts";
import { resolveChain } from "./chain-scope.ts";
import { selectEntries } from "./entry-query.ts";
import type { AuditChain, AuditEntry } from "./types.ts";

export const DEFAULT_AUDIT_PAGE = 50;
export const MAX_AUDIT_PAGE = 500;

export interface ListAuditOptions {
  /** Default: the chain of the transaction's tenant; "platform" or another tenant only via withPlatform. */
  chain?: AuditChain;
  actor?: string;
  /** "pii.reveal" matches exactly; "pii." (ending in a dot) matches every action that starts with it. */
  action?: string;
  /** Entries at or after this time. */
  from?: Date | string;
  /** Entries before this time. */
  to?: Date | string;
  /** Default 50; at most 500 (larger values are capped). */
  limit?: number;
  /** nextCursor of the previous page. */
  cursor?: string;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

function toDate(value: Date | string | undefined, name: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new RangeError(`${name} is not a valid time`);
  return date;
}

export function parseAuditCursor(cursor: string): number {
  if (!/^[1-9][0-9]{0,15}$/.test(cursor)) throw new RangeError("cursor is not one this API returned");
  return Number(cursor);
}

export async function listAudit(
  tx: Transaction<CoreDatabase>,
  options: ListAuditOptions = {},
): Promise<AuditPage> {
  const limit = options.limit ?? DEFAULT_AUDIT_PAGE;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError("limit must be a positive whole number");
  const pageSize = Math.min(limit, MAX_AUDIT_PAGE);
  const chain = await resolveChain(tx, options.chain, "listAudit");
  const prefix = options.action?.endsWith(".") ? options.action : undefined;
  // One more than asked, to know whether another page follows.
  const rows = await selectEntries(tx, chain, {
    beforeSeq: options.cursor === undefined ? undefined : parseAuditCursor(options.cursor),
    actor: options.actor,
    action: prefix ? undefined : options.action,
    actionPrefix: prefix,
    from: toDate(options.from, "from"),
    to: toDate(options.to, "to"),
    order: "desc",
    limit: pageSize + 1,
  });
  const entries = rows.slice(0, pageSize);
  const more = rows.length > pageSize;
  return { entries, nextCursor: more ? String(entries[entries.length - 1].seq) : null };
}
