/**
 * Moving tenant keys to the active master key, after a new one is put first in MASTER_KEYS. Only the wrapping
 * changes: the key material, and therefore every ciphertext, blind index and pseudonym, stays as it is. Runs
 * through withPlatform (the application role may not update key rows) and covers every tenant in one pass;
 * once it reports nothing left, the old master key can be removed from MASTER_KEYS.
 */
import type { Transaction } from "kysely";
import type { CoreDatabase } from "../../db/schema.ts";
import { type TenantKeyPurpose, unwrapKeyMaterial, wrapKeyMaterial } from "./key-wrap.ts";
import type { MasterKeyRing } from "./master-keys.ts";

export interface RewrapReport {
  /** Rows rewrapped in this run, by the master key they were under before. */
  rewrapped: Record<string, number>;
  /** Tenant keys still wrapped by anything but the active master key (0 after a complete run). */
  remaining: number;
}

export async function rewrapTenantKeys(
  tx: Transaction<CoreDatabase>,
  masterKeys: MasterKeyRing,
  options: { limit?: number } = {},
): Promise<RewrapReport> {
  const activeId = masterKeys.activeId;
  const active = await masterKeys.cryptoKey(activeId);
  let query = tx.selectFrom("core.tenant_keys")
    .select(["tenant_id", "purpose", "version", "master_key_id", "wrapped_key"])
    .where("master_key_id", "<>", activeId)
    .orderBy("tenant_id").orderBy("purpose").orderBy("version")
    .forUpdate();
  if (options.limit !== undefined) query = query.limit(options.limit);
  const rows = await query.execute();
  const rewrapped: Record<string, number> = {};
  for (const row of rows) {
    const label = { tenantId: row.tenant_id, purpose: row.purpose as TenantKeyPurpose, version: row.version };
    const old = await masterKeys.cryptoKey(row.master_key_id);
    const material = await unwrapKeyMaterial(old, row.master_key_id, row.wrapped_key, label);
    const wrapped = await wrapKeyMaterial(active, material, label);
    material.fill(0);
    await tx.updateTable("core.tenant_keys")
      .set({ master_key_id: activeId, wrapped_key: wrapped, rewrapped_at: new Date() })
      .where("tenant_id", "=", row.tenant_id)
      .where("purpose", "=", row.purpose)
      .where("version", "=", row.version)
      .execute();
    rewrapped[row.master_key_id] = (rewrapped[row.master_key_id] ?? 0) + 1;
  }
  const left = await tx.selectFrom("core.tenant_keys")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("master_key_id", "<>", activeId)
    .executeTakeFirstOrThrow();
  return { rewrapped, remaining: Number(left.n) };
}
