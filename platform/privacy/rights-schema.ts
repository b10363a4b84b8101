/** Kysely table types of consent, retention and data-subject requests (schema core, migrations 0020–0022). */
import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<Record<string, unknown>, string | undefined, string>;

export type ConsentDecision = "granted" | "withdrawn";

export interface ConsentEventsTable {
  tenant_id: string;
  id: string;
  subject_id: string;
  purpose: string;
  decision: ConsentDecision;
  decided_at: Timestamp;
  channel: string;
  source: string | null;
  policy_version: string;
  recorded_by: string;
  recorded_at: Generated<Date>;
}

export interface RetentionPoliciesTable {
  tenant_id: string;
  data_class: string;
  days: number;
  updated_by: string;
  updated_at: Timestamp;
}

export interface RetentionRunsTable {
  tenant_id: string;
  id: string;
  run_id: string;
  data_class: string;
  action: "delete" | "anonymise";
  days: number;
  cutoff: Timestamp;
  rows_affected: ColumnType<number, number | undefined, number>;
  started_at: Timestamp;
  finished_at: Timestamp;
}

export type SubjectRequestKind = "export" | "erase";
export type SubjectRequestStatus = "completed" | "failed";

export interface SubjectRequestsTable {
  tenant_id: string;
  id: string;
  kind: SubjectRequestKind;
  subject_id: string;
  status: SubjectRequestStatus;
  requested_by: string;
  requested_at: Timestamp;
  completed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  result: Json;
  error: string | null;
}

export interface RightsTables {
  "core.consent_events": ConsentEventsTable;
  "core.retention_policies": RetentionPoliciesTable;
  "core.retention_runs": RetentionRunsTable;
  "core.subject_requests": SubjectRequestsTable;
}
