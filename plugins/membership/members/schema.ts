/** Kysely types of the member tables (migrations/0001_members.sql and the members area's 0010–0019). */
import type { ColumnType } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface MembersTables {
  "plugin_membership.levels": {
    tenant_id: string;
    id: string;
    code: string;
    name_zh: string;
    name_en: string;
    rank: number;
    threshold_points: ColumnType<number, number | undefined, number>;
    earn_multiplier: ColumnType<string, number | string | undefined, number | string>;
    benefits: ColumnType<unknown, string | undefined, string>;
    created_at: Timestamp;
  };
  "plugin_membership.members": {
    tenant_id: string;
    id: string;
    member_no: string;
    member_ref: string;
    mobile_enc: string | null;
    mobile_index: string | null;
    name_enc: string | null;
    birthday_enc: string | null;
    birth_month: number | null;
    birth_day: number | null;
    level_id: string | null;
    status: ColumnType<"active" | "erased", "active" | "erased" | undefined>;
    joined_channel: string;
    joined_store_id: string | null;
    card_secret: string;
    joined_at: Timestamp;
    erased_at: NullableTimestamp;
    profile_updated_at: NullableTimestamp;
  };
  "plugin_membership.store_members": {
    tenant_id: string;
    member_id: string;
    store_id: string;
    via: "signup" | "sale" | "manual";
    joined_at: Timestamp;
  };
  "plugin_membership.member_sessions": {
    tenant_id: string;
    token_hash: string;
    member_id: string;
    created_at: Timestamp;
    expires_at: ColumnType<Date, Date | string, Date | string>;
    revoked_at: NullableTimestamp;
  };
  "plugin_membership.member_codes": {
    tenant_id: string;
    id: string;
    mobile_index: string;
    code_hash: string;
    created_at: Timestamp;
    expires_at: ColumnType<Date, Date | string, Date | string>;
    attempts: ColumnType<number, number | undefined, number>;
    used_at: NullableTimestamp;
    sms_id: string | null;
  };
  "plugin_membership.birthday_greetings": {
    tenant_id: string;
    member_id: string;
    year: number;
    greeted_at: Timestamp;
    coupon_id: string | null;
  };
  "plugin_membership.tags": {
    tenant_id: string;
    id: string;
    code: string;
    name: string;
    /** null: set by hand; else a TagRule (tag-rules.ts). */
    rule: ColumnType<unknown, string | null | undefined, string | null>;
    created_by: string;
    created_at: Timestamp;
    updated_at: Timestamp;
    computed_at: NullableTimestamp;
  };
  "plugin_membership.member_tags": {
    tenant_id: string;
    member_id: string;
    tag_id: string;
    source: "manual" | "rule";
    assigned_by: string;
    assigned_at: Timestamp;
  };
}
