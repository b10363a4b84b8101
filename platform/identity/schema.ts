/**
 * Kysely table types of identity: bureaus, organisations, accounts, memberships, sessions, invitations, API keys,
 * store applications.
 */
import type { ColumnType } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type TenantRole = "operator_admin" | "operator_staff" | "store_owner" | "store_staff";
export type PlatformRole = "platform_admin" | "bureau_officer";

export type MembershipStatus = "active" | "disabled";

export type StoreApplicationStatus = "pending" | "approved" | "rejected";

export interface IdentityTables {
  "core.bureaus": { id: string; slug: string; name_zh: string; name_en: string; city: string; created_at: Timestamp };
  "core.bureau_districts": { tenant_id: string; bureau_id: string };
  "core.organisations": {
    tenant_id: string;
    id: string;
    kind: "operator" | "store";
    name: string;
    credit_code: string | null;
    category: string | null;
    floor: string | null;
    unit: string | null;
    /** numeric: read as a string to keep its exact value */
    area_m2: ColumnType<string | null, number | string | null, number | string | null>;
    staff_count: number | null;
    status: ColumnType<"active" | "closed", "active" | "closed" | undefined>;
    created_at: Timestamp;
  };
  "core.accounts": {
    id: string;
    login: string;
    display_name: string;
    password_hash: string | null;
    status: ColumnType<"invited" | "active" | "disabled", "invited" | "active" | "disabled" | undefined>;
    failed_attempts: ColumnType<number, number | undefined, number>;
    locked_until: NullableTimestamp;
    password_changed_at: NullableTimestamp;
    last_sign_in_at: NullableTimestamp;
    created_at: Timestamp;
  };
  "core.platform_grants": { account_id: string; role: PlatformRole; bureau_id: string | null };
  "core.memberships": {
    tenant_id: string;
    account_id: string;
    role: TenantRole;
    organisation_id: string;
    /** migrations/0045_membership_status.sql: a disabled member has no role in the district and cannot sign in to it. */
    status: ColumnType<MembershipStatus, MembershipStatus | undefined, MembershipStatus>;
    created_at: Timestamp;
  };
  "core.sessions": {
    token_hash: string;
    account_id: string;
    acting_tenant_id: string | null;
    csrf_token: string;
    created_at: Timestamp;
    last_seen_at: Timestamp;
    expires_at: Timestamp;
    user_agent: string | null;
    ip: string | null;
  };
  "core.invitations": {
    tenant_id: string;
    id: string;
    account_id: string;
    token_hash: string;
    created_by: string;
    created_at: Timestamp;
    expires_at: Timestamp;
    accepted_at: NullableTimestamp;
  };
  "core.api_keys": {
    tenant_id: string;
    id: string;
    name: string;
    organisation_id: string | null;
    permissions: string[];
    secret_hash: string;
    created_by: string;
    created_at: Timestamp;
    last_used_at: NullableTimestamp;
    revoked_at: NullableTimestamp;
  };
  /** migrations/0041_store_applications.sql; contact fields are FieldCipher ciphertexts. */
  "core.store_applications": {
    tenant_id: string;
    id: string;
    store_name: string;
    credit_code: string;
    category: string;
    floor: string;
    unit: string;
    /** numeric: read as a string to keep its exact value */
    area_m2: ColumnType<string, number | string, number | string>;
    staff_count: number;
    contact_name_enc: string;
    contact_mobile_enc: string;
    contact_mobile_index: string;
    owner_login: string;
    status: ColumnType<StoreApplicationStatus, StoreApplicationStatus | undefined, StoreApplicationStatus>;
    status_token_hash: string;
    submitted_at: Timestamp;
    decided_at: NullableTimestamp;
    decided_by: string | null;
    reason: string | null;
    organisation_id: string | null;
    owner_account_id: string | null;
    invitation_id: string | null;
    invitation_token_enc: string | null;
  };
}
