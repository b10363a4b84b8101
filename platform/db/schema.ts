/** Kysely table types for the core schema. Plugins describe their own tables in their own folders. */
import type { ColumnType, Generated } from "kysely";
import type { AuditTables } from "../audit/schema.ts";
import type { IdentityTables } from "../identity/schema.ts";
import type { EventTables } from "../events/schema.ts";
import type { PrivacyTables } from "../privacy/schema.ts";
import type { RightsTables } from "../privacy/rights-schema.ts";
import type { DatacenterTables } from "../datacenter/schema.ts";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface PlansTable {
  id: string;
  name_zh: string;
  name_en: string;
  plugins: string[];
  updated_at: Timestamp;
}

export interface TenantsTable {
  id: string;
  slug: string;
  name_zh: string;
  name_en: string;
  city: string;
  plan_id: string;
  time_zone: string;
  status: ColumnType<
    "active" | "suspended",
    "active" | "suspended" | undefined
  >;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TenantPluginsTable {
  tenant_id: string;
  plugin_id: string;
  enabled: boolean;
  config: ColumnType<Record<string, unknown>, string | undefined, string>;
  updated_at: Timestamp;
}

export interface PlatformAccessLogTable {
  id: string;
  at: Timestamp;
  actor: string;
  purpose: string;
}

export interface SchemaMigrationsTable {
  scope: string;
  name: string;
  checksum: string;
  applied_at: Generated<Date>;
}

export interface CoreDatabase
  extends PrivacyTables, RightsTables, AuditTables, IdentityTables, EventTables, DatacenterTables {
  "core.plans": PlansTable;
  "core.tenants": TenantsTable;
  "core.tenant_plugins": TenantPluginsTable;
  "core.platform_access_log": PlatformAccessLogTable;
  "core.schema_migrations": SchemaMigrationsTable;
}
