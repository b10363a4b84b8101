/** Kysely table types of the audit log (schema core); the tables are made in migrations/0030 and 0031. */
import type { ColumnType } from "kysely";

/** Audit rows are written once: nothing may be updated, so every column refuses updates at the type level. */
type Fixed<T, Insert = T> = ColumnType<T, Insert, never>;

interface AuditLogColumns {
  /** 1, 2, 3 … without gaps, per chain. */
  seq: Fixed<number>;
  at: Fixed<Date, Date | string>;
  actor: Fixed<string>;
  action: Fixed<string>;
  target: Fixed<string | null, string | null | undefined>;
  /** Read as an object; written as a JSON string. */
  details: Fixed<Record<string, unknown>, string | undefined>;
  prev_hash: Fixed<string>;
  hash: Fixed<string>;
}

/** One tenant's chain; primary key (tenant_id, seq). */
export interface AuditLogTable extends AuditLogColumns {
  tenant_id: Fixed<string>;
}

/** The platform's chain; primary key seq. */
export type PlatformAuditLogTable = AuditLogColumns;

/** A signed head of a tenant's chain at the end of a day; primary key (tenant_id, day). */
export interface AuditCheckpointsTable {
  tenant_id: Fixed<string>;
  /** 'YYYY-MM-DD' in the tenant's time zone. */
  day: Fixed<string>;
  last_seq: Fixed<number>;
  head_hash: Fixed<string>;
  key_id: Fixed<string>;
  /** Base64 Ed25519 signature over the checkpoint's canonical payload. */
  signature: Fixed<string>;
  signed_at: Fixed<Date, Date | string | undefined>;
}

export interface AuditTables {
  "core.audit_log": AuditLogTable;
  "core.platform_audit_log": PlatformAuditLogTable;
  "core.audit_checkpoints": AuditCheckpointsTable;
}
