/** Kysely types of the coupons tables (migrations/0030_coupons.sql). */
import type { ColumnType } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export type CouponKind = "amount" | "percent" | "gift" | "parking";
export type CouponSource = "claim" | "push" | "points" | "survey" | "birthday" | "manual";
export type CouponStatus = "active" | "redeemed" | "expired" | "void";

export interface CouponsTables {
  "plugin_membership.coupon_templates": {
    tenant_id: string;
    id: string;
    owner_store_id: string | null;
    title: string;
    description: string | null;
    kind: CouponKind;
    amount_off_fen: number | null;
    percent_off: number | null;
    max_discount_fen: number | null;
    gift_description: string | null;
    free_minutes: number | null;
    min_spend_fen: Defaulted<number>;
    valid_from: NullableTimestamp;
    valid_until: NullableTimestamp;
    valid_days: number | null;
    total_limit: number | null;
    per_member_limit: Defaulted<number>;
    issued_count: Defaulted<number>;
    points_cost: number | null;
    claimable: Defaulted<boolean>;
    status: Defaulted<"active" | "paused">;
    created_by: string;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  "plugin_membership.coupon_template_stores": {
    tenant_id: string;
    template_id: string;
    store_id: string;
  };
  "plugin_membership.coupon_issue_batches": {
    tenant_id: string;
    id: string;
    template_id: string;
    segment_id: string;
    status: Defaulted<"queued" | "running" | "done">;
    members_total: number | null;
    issued: Defaulted<number>;
    skipped: Defaulted<number>;
    created_by: string;
    created_at: Timestamp;
    finished_at: NullableTimestamp;
  };
  "plugin_membership.coupons": {
    tenant_id: string;
    id: string;
    template_id: string;
    member_id: string | null;
    code: string;
    source: CouponSource;
    issue_key: string;
    batch_id: string | null;
    status: Defaulted<CouponStatus>;
    valid_from: ColumnType<Date, Date | string, Date | string>;
    valid_until: ColumnType<Date, Date | string, Date | string>;
    issued_by: string;
    issued_at: Timestamp;
    redeemed_at: NullableTimestamp;
  };
  "plugin_membership.coupon_redemptions": {
    tenant_id: string;
    id: string;
    coupon_id: string;
    kind: "store" | "parking";
    store_id: string | null;
    reference: string | null;
    amount_fen: number | null;
    discount_fen: Defaulted<number>;
    free_minutes: number | null;
    redeemed_by: string;
    redeemed_at: Timestamp;
    undone_at: NullableTimestamp;
    undone_by: string | null;
  };
}
