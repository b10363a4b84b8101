/**
 * Reads entries of one chain, a page at a time. The tenant and platform logs have the same columns in two
 * tables, so the query is assembled from SQL fragments rather than Kysely's typed builder, which cannot take
 * either table in one expression.
 */
import { type RawBuilder, sql, type Transaction } from "kysely";
import type { CoreDatabase } from "../db/schema.ts";
import type { AuditChain, AuditEntry } from "./types.ts";

export interface EntryQuery {
  /** Only entries with seq greater than this. */
  afterSeq?: number;
  /** Only entries with seq less than this. */
  beforeSeq?: number;
  /** Only entries with seq up to and including this. */
  throughSeq?: number;
  actor?: string;
  action?: string;
  actionPrefix?: string;
  /** at >= from */
  from?: Date;
  /** at < to */
  to?: Date;
  order: "asc" | "desc";
  limit: number;
}

interface EntryRow {
  tenant_id: string | null;
  seq: number;
  at: Date;
  actor: string;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

function likePrefix(prefix: string): string {
  return prefix.replace(/[\\%_]/g, (c) => `\\${c}`) + "%";
}

export async function selectEntries(
  tx: Transaction<CoreDatabase>,
  chain: AuditChain,
  query: EntryQuery,
): Promise<AuditEntry[]> {
  const where: RawBuilder<unknown>[] = [];
  if (chain !== "platform") where.push(sql`tenant_id = ${chain.tenantId}`);
  if (query.afterSeq !== undefined) where.push(sql`seq > ${query.afterSeq}`);
  if (query.beforeSeq !== undefined) where.push(sql`seq < ${query.beforeSeq}`);
  if (query.throughSeq !== undefined) where.push(sql`seq <= ${query.throughSeq}`);
  if (query.actor !== undefined) where.push(sql`actor = ${query.actor}`);
  if (query.action !== undefined) where.push(sql`action = ${query.action}`);
  if (query.actionPrefix !== undefined) where.push(sql`action like ${likePrefix(query.actionPrefix)}`);
  if (query.from !== undefined) where.push(sql`at >= ${query.from}`);
  if (query.to !== undefined) where.push(sql`at < ${query.to}`);
  const table = chain === "platform"
    ? sql`(select null::uuid as tenant_id, * from core.platform_audit_log) as entries`
    : sql`core.audit_log as entries`;
  const condition = where.length ? sql.join(where, sql` and `) : sql`true`;
  const order = query.order === "asc" ? sql`asc` : sql`desc`;
  const { rows } = await sql<EntryRow>`
    select tenant_id::text as tenant_id, seq, at, actor, action, target, details, prev_hash, hash
      from ${table}
     where ${condition}
     order by seq ${order}
     limit ${query.limit}
  `.execute(tx);
  return rows.map((row) => ({
    tenantId: row.tenant_id,
    seq: Number(row.seq),
    at: row.at,
    actor: row.actor,
    action: row.action,
    target: row.target,
    details: row.details,
    prevHash: row.prev_hash,
    hash: row.hash,
  }));
}
