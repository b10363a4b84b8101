/**
 * A district's masking settings (core.tenant_privacy_settings). What the district chose is stored as given, so a
 * setting it never touched keeps following the platform default; what is used is that choice completed with the
 * defaults. Changes are audited: they decide how much of a person's data staff see on screen.
 */
import { sql } from "kysely";
import type { AuditSink } from "../audit/types.ts";
import type { TenantTx } from "../db/tenant.ts";
import { DEFAULT_MASK_CONFIG, type MaskConfig, MaskConfigError, parseMaskConfig } from "./masking.ts";

export const MASK_SETTINGS_AUDIT_ACTION = "privacy.masking.set";

export interface MaskSettings {
  /** In force: the district's choices completed with the defaults. */
  config: MaskConfig;
  /** What the district chose; null when it never changed anything. */
  chosen: Record<string, unknown> | null;
  updatedBy: string | null;
  updatedAt: Date | null;
}

/**
 * The district's settings (inside withTenant). A stored choice the code no longer allows (a limit tightened since)
 * throws MaskConfigError rather than showing more than is now allowed.
 */
export async function maskSettingsOf(tx: TenantTx): Promise<MaskSettings> {
  const row = await tx.selectFrom("core.tenant_privacy_settings")
    .select(["mask_config", "updated_by", "updated_at"])
    .executeTakeFirst();
  if (!row) return { config: DEFAULT_MASK_CONFIG, chosen: null, updatedBy: null, updatedAt: null };
  return {
    config: parseMaskConfig(row.mask_config),
    chosen: row.mask_config,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
  };
}

/** The masking configuration in force for the transaction's district: its choices, or the default. */
export async function maskConfigOf(tx: TenantTx): Promise<MaskConfig> {
  return (await maskSettingsOf(tx)).config;
}

/**
 * Replaces the district's choices (an empty object goes back to every default). Throws MaskConfigError, naming
 * each setting, when the input is not a valid masking configuration.
 */
export async function setMaskConfig(
  tx: TenantTx,
  audit: AuditSink,
  input: { chosen: unknown; actor: string },
): Promise<MaskSettings> {
  const { chosen, actor } = input;
  if (typeof chosen !== "object" || chosen === null || Array.isArray(chosen)) {
    throw new MaskConfigError("masking configuration is invalid: masking configuration must be an object");
  }
  parseMaskConfig(chosen);
  const previous = await tx.selectFrom("core.tenant_privacy_settings").select("mask_config").executeTakeFirst();
  const json = JSON.stringify(chosen);
  await tx.insertInto("core.tenant_privacy_settings")
    .values({ tenant_id: sql<string>`core.current_tenant_id()`, mask_config: json, updated_by: actor })
    .onConflict((oc) =>
      oc.column("tenant_id").doUpdateSet({ mask_config: json, updated_by: actor, updated_at: sql`now()` })
    )
    .execute();
  await audit(tx, {
    actor,
    action: MASK_SETTINGS_AUDIT_ACTION,
    target: "privacy-settings:masking",
    details: { chosen: chosen as Record<string, unknown>, previous: previous?.mask_config ?? null },
  });
  return await maskSettingsOf(tx);
}
