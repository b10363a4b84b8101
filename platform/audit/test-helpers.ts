/** Helpers for the audit tests: an attacker with database access, and the URL of a test database. */
import { type Kysely, sql, type Transaction } from "kysely";
import type { CoreDatabase } from "../db/schema.ts";
import { entryHash, GENESIS_HASH } from "./canonical.ts";

const AUDIT_TABLES = ["core.audit_log", "core.platform_audit_log", "core.audit_checkpoints"];

/**
 * Runs `fn` the way someone holding the database's superuser password would: as the session user (a superuser
 * in tests, so row-level security does not apply) with the audit triggers switched off, and switched on again
 * before commit so nothing but the data is left changed.
 */
export async function asAttacker(
  db: Kysely<CoreDatabase>,
  fn: (tx: Transaction<CoreDatabase>) => Promise<void>,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await sql`set local role none`.execute(tx);
    for (const table of AUDIT_TABLES) await sql.raw(`alter table ${table} disable trigger user`).execute(tx);
    await fn(tx);
    for (const table of AUDIT_TABLES) await sql.raw(`alter table ${table} enable trigger user`).execute(tx);
  });
}

/** Rewrites every hash and prev of a tenant's chain from its current contents, as a careful attacker would. */
export async function recomputeTenantChain(tx: Transaction<CoreDatabase>, tenantId: string): Promise<void> {
  const { rows } = await sql<{
    seq: number;
    at: Date;
    actor: string;
    action: string;
    target: string | null;
    details: Record<string, unknown>;
  }>`select seq, at, actor, action, target, details from core.audit_log where tenant_id = ${tenantId} order by seq`
    .execute(tx);
  let prevHash = GENESIS_HASH;
  for (const row of rows) {
    const hash = await entryHash({ tenantId, ...row, seq: Number(row.seq), prevHash });
    await sql`update core.audit_log set prev_hash = ${prevHash}, hash = ${hash}
               where tenant_id = ${tenantId} and seq = ${row.seq}`.execute(tx);
    prevHash = hash;
  }
}

/** The URL of the PostgreSQL database behind `db` (tests clone one database per test). */
export async function postgresUrlOf(db: Kysely<CoreDatabase>, adminUrl: string): Promise<string> {
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(db);
  const url = new URL(adminUrl);
  url.pathname = `/${rows[0].name}`;
  return url.toString();
}
