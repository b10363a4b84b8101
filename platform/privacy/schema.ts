/** Kysely table types of personal-information storage: tenant data keys and related tables (schema core). */
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

export interface PrivacyTables {
  "core.tenant_keys": TenantKeysTable;
}
