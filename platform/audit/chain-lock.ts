/**
 * Appends to one chain are serialised with a transaction-scoped advisory lock keyed by the chain, so two
 * transactions never read the same head and the chain neither forks nor gaps.
 *
 * Why an advisory lock rather than a per-tenant head row locked FOR UPDATE:
 * - no row the application role would have to be allowed to UPDATE next to an append-only table (a writable
 *   head is one more thing to tamper with and to keep in step with the log); the head is read from the log
 *   itself, one probe of the primary key;
 * - nothing to create on a tenant's first append, so no insert-or-lock race;
 * - released by commit or rollback, so a rolled-back append leaves neither an entry nor a gap.
 * Two tenants whose ids hash alike merely wait for each other now and then. The primary key and the
 * audit_check_link trigger are the backstop: a caller that skipped the lock gets an error, never a fork.
 * (Advisory locks are local to one server: a Citus set-up that routes a tenant's sessions to several nodes
 * would move to a head row on the tenant's shard.)
 *
 * The head must be read in a statement after the lock is taken: under READ COMMITTED each statement takes
 * a new snapshot, which then includes the entry the previous lock holder committed.
 */
import { sql, type Transaction } from "kysely";
import type { CoreDatabase } from "../db/schema.ts";
import type { AuditChain } from "./types.ts";

/** First half of the lock key; the second is the tenant (hashed) or 0 for the platform chain. */
const TENANT_CHAIN_LOCK = 7_331_030;
const PLATFORM_CHAIN_LOCK = 7_331_031;

export class NoTenantError extends Error {
  constructor(what: string) {
    super(`${what} must run inside withTenant (no tenant is set for this transaction)`);
    this.name = "NoTenantError";
  }
}

/** Locks the chain of the transaction's tenant and returns the tenant id, in one round trip. */
export async function lockCurrentTenantChain(tx: Transaction<CoreDatabase>): Promise<string> {
  // With no tenant, hashtext(null) is null and the strict lock function is not called at all.
  const { rows } = await sql<{ tenant_id: string | null }>`
    select t.id::text as tenant_id, pg_advisory_xact_lock(${TENANT_CHAIN_LOCK}::int4, hashtext(t.id::text))::text
      from (select core.current_tenant_id() as id) t
  `.execute(tx);
  const tenantId = rows[0]?.tenant_id;
  if (!tenantId) throw new NoTenantError("appendAudit");
  return tenantId;
}

export async function lockChain(tx: Transaction<CoreDatabase>, chain: AuditChain): Promise<void> {
  if (chain === "platform") {
    await sql`select pg_advisory_xact_lock(${PLATFORM_CHAIN_LOCK}::int4, 0)::text`.execute(tx);
  } else {
    await sql`select pg_advisory_xact_lock(${TENANT_CHAIN_LOCK}::int4, hashtext(${chain.tenantId}::text))::text`
      .execute(tx);
  }
}
