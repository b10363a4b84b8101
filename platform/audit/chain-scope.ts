/**
 * Which chain a read works on. Without a chain, the transaction's tenant (withTenant). Naming another tenant's
 * chain inside withTenant is refused: row-level security would show an empty chain, which would read as
 * "verified, nothing wrong".
 */
import { sql, type Transaction } from "kysely";
import type { CoreDatabase } from "../db/schema.ts";
import { NoTenantError } from "./chain-lock.ts";
import type { AuditChain } from "./types.ts";

export async function resolveChain(
  tx: Transaction<CoreDatabase>,
  chain: AuditChain | undefined,
  what: string,
): Promise<AuditChain> {
  const { rows } = await sql<{ tenant_id: string | null }>`select core.current_tenant_id()::text as tenant_id`
    .execute(tx);
  const current = rows[0]?.tenant_id ?? null;
  if (chain === undefined) {
    if (!current) throw new NoTenantError(`${what} without a chain`);
    return { tenantId: current };
  }
  if (chain !== "platform" && current && chain.tenantId.toLowerCase() !== current) {
    throw new Error(`${what}: this transaction belongs to tenant ${current}, not ${chain.tenantId}`);
  }
  return chain === "platform" ? chain : { tenantId: chain.tenantId.toLowerCase() };
}
