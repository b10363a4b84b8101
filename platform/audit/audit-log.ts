/**
 * Appending to the audit log. Each entry is hashed over its canonical encoding together with the previous
 * entry's hash (canonical.ts) and inserted in the caller's transaction, so the action and its record commit or
 * roll back together. The chain's lock (chain-lock.ts) is held from reading the head until commit, so every
 * audited transaction of a tenant waits for the one before it from its append onwards: append as the last
 * step of a transaction where the action allows, not before slow work.
 */
import { sql, type Transaction } from "kysely";
import type { CoreDatabase } from "../db/schema.ts";
import { entryHash, GENESIS_HASH, normaliseDetails } from "./canonical.ts";
import { lockChain, lockCurrentTenantChain } from "./chain-lock.ts";
import type { AuditChain, AuditEntryInput, AuditSink } from "./types.ts";

export interface AppendedEntry {
  seq: number;
  at: Date;
  hash: string;
}

export class AuditInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AuditInputError";
  }
}

/** Appends to the chain of the transaction's tenant; must run inside withTenant. */
export const appendAudit: AuditSink = async (tx, entry) => {
  await appendAuditEntry(tx, entry);
};

/** appendAudit that also says where the entry landed. */
export async function appendAuditEntry(
  tx: Transaction<CoreDatabase>,
  entry: AuditEntryInput,
): Promise<AppendedEntry> {
  checkInput(entry);
  const tenantId = await lockCurrentTenantChain(tx);
  return await insertEntry(tx, { tenantId }, entry);
}

/** Appends to the platform's own chain; must run inside withPlatform. */
export async function appendPlatformAudit(
  tx: Transaction<CoreDatabase>,
  entry: AuditEntryInput,
): Promise<AppendedEntry> {
  checkInput(entry);
  await lockChain(tx, "platform");
  return await insertEntry(tx, "platform", entry);
}

function checkInput(entry: AuditEntryInput): void {
  if (!entry.actor?.trim() || entry.actor.length > 200) {
    throw new AuditInputError("an audit entry needs an actor of 1–200 characters");
  }
  if (!entry.action || entry.action.length > 100 || /\s/.test(entry.action)) {
    throw new AuditInputError("an audit entry needs an action of 1–100 characters without spaces");
  }
  if (entry.target !== undefined && entry.target.length > 500) {
    throw new AuditInputError("an audit entry's target is at most 500 characters");
  }
}

interface Head {
  now: Date;
  seq: number | null;
  hash: string | null;
  at: Date | null;
}

/** The chain's last entry and the database clock (truncated to the millisecond the hash records). */
async function readHead(tx: Transaction<CoreDatabase>, chain: AuditChain): Promise<Head> {
  const last = chain === "platform"
    ? sql`select seq, hash, at from core.platform_audit_log order by seq desc limit 1`
    : sql`select seq, hash, at from core.audit_log where tenant_id = ${chain.tenantId} order by seq desc limit 1`;
  const { rows } = await sql<Head>`
    select n.now, h.seq, h.hash, h.at
      from (select date_trunc('milliseconds', clock_timestamp()) as now) n
      left join lateral (${last}) h on true
  `.execute(tx);
  return rows[0];
}

async function insertEntry(
  tx: Transaction<CoreDatabase>,
  chain: AuditChain,
  input: AuditEntryInput,
): Promise<AppendedEntry> {
  const details = normaliseDetails(input.details);
  const head = await readHead(tx, chain);
  const seq = (head.seq ?? 0) + 1;
  // Never before the previous entry, so time order and seq order agree (daily checkpoints rely on it).
  const at = head.at && head.at > head.now ? head.at : head.now;
  const prevHash = head.hash ?? GENESIS_HASH;
  const tenantId = chain === "platform" ? null : chain.tenantId;
  const target = input.target ?? null;
  const hash = await entryHash({
    tenantId,
    seq,
    at,
    actor: input.actor,
    action: input.action,
    target,
    details,
    prevHash,
  });
  const row = {
    seq,
    at,
    actor: input.actor,
    action: input.action,
    target,
    details: JSON.stringify(details),
    prev_hash: prevHash,
    hash,
  };
  if (tenantId === null) {
    await tx.insertInto("core.platform_audit_log").values(row).execute();
  } else {
    await tx.insertInto("core.audit_log").values({ tenant_id: tenantId, ...row }).execute();
  }
  return { seq, at, hash };
}
