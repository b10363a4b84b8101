/** Kysely table types of personal-information storage: tenant data keys and privacy settings (schema core). */
import type { ColumnType } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** migrations/0010_tenant_keys.sql */
export interface TenantKeysTable {
  tenant_id: string;
  purpose: "encryption" | "lookup";
  version: number;
  /** Which entry of MASTER_KEYS wraps this key. */
  master_key_id: string;
  /** iv ‖ AES-256-GCM(key material) ‖ tag, bound to tenant, purpose and version. */
  wrapped_key: Uint8Array;
  created_at: Timestamp;
  rewrapped_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** migrations/0050_tenant_privacy_settings.sql: one row per district that changed a default. */
export interface TenantPrivacySettingsTable {
  tenant_id: string;
  /** The masking settings the district chose (a partial MaskConfig); read as an object, written as JSON text. */
  mask_config: ColumnType<Record<string, unknown>, string | undefined, string>;
  updated_by: string;
  updated_at: Timestamp;
}

export interface PrivacyTables {
  "core.tenant_keys": TenantKeysTable;
  "core.tenant_privacy_settings": TenantPrivacySettingsTable;
}
