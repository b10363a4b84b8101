/** Kysely types of the points tables (migrations 0020–0029). */
import type { ColumnType } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** numeric: read as a string to keep its exact value. */
type NullableNumeric = ColumnType<string | null, number | string | null | undefined, number | string | null>;
/** bigint: PostgreSQL drivers read it as a string. */
type BigInt = ColumnType<string | number, number | string, number | string>;
/** date: a district-local day, "YYYY-MM-DD". */
type Day = ColumnType<string, string, string>;

export type LedgerKind = "earn" | "redeem" | "expire" | "adjust" | "reverse";
export type DebitKind = Exclude<LedgerKind, "earn">;

export interface PointsTables {
  "plugin_membership.points_accounts": {
    tenant_id: string;
    member_id: string;
    balance: ColumnType<number, number | undefined, number>;
    updated_at: Timestamp;
  };
  "plugin_membership.points_ledger": {
    tenant_id: string;
    id: string;
    member_id: string;
    kind: LedgerKind;
    points: number;
    store_id: string | null;
    reason: string;
    idempotency_key: string;
    actor: string;
    balance_after: number;
    receipt_id: string | null;
    created_at: Timestamp;
  };
  "plugin_membership.points_lots": {
    tenant_id: string;
    entry_id: string;
    member_id: string;
    origin_store_id: string | null;
    points: number;
    remaining: number;
    earned_at: Timestamp;
    expires_at: NullableTimestamp;
  };
  "plugin_membership.points_consumptions": {
    tenant_id: string;
    entry_id: string;
    lot_entry_id: string;
    points: number;
    origin_store_id: string | null;
    store_id: string | null;
    kind: DebitKind;
    fen_per_point: NullableNumeric;
    created_at: Timestamp;
  };
  "plugin_membership.points_rules": {
    tenant_id: string;
    id: string;
    name: string;
    kind: "base" | "campaign";
    scope: "district" | "store" | "category";
    store_id: string | null;
    category: string | null;
    points_per_yuan: NullableNumeric;
    multiplier: NullableNumeric;
    starts_at: NullableTimestamp;
    ends_at: NullableTimestamp;
    daily_cap_per_member: number | null;
    excluded_payment_methods: ColumnType<string[], string[] | undefined, string[]>;
    active: ColumnType<boolean, boolean | undefined, boolean>;
    created_by: string;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  "plugin_membership.points_participation": {
    tenant_id: string;
    store_id: string;
    participates: boolean;
    updated_by: string;
    updated_at: Timestamp;
  };
  "plugin_membership.points_receipts": {
    tenant_id: string;
    store_id: string;
    receipt_id: string;
    member_id: string;
    amount_fen: BigInt;
    earned_points: number;
    earn_entry_id: string | null;
    refunded_fen: ColumnType<string | number, number | string | undefined, number | string>;
    reversed_points: ColumnType<number, number | undefined, number>;
    unrecovered_points: ColumnType<number, number | undefined, number>;
    sold_at: ColumnType<Date, Date | string, Date | string>;
    created_at: Timestamp;
  };
  "plugin_membership.points_refunds": {
    tenant_id: string;
    store_id: string;
    refund_key: string;
    receipt_id: string;
    amount_fen: BigInt;
    created_at: Timestamp;
  };
  "plugin_membership.points_rule_usage": {
    tenant_id: string;
    member_id: string;
    rule_key: string;
    day: Day;
    points: number;
  };
  "plugin_membership.points_store_awards": {
    tenant_id: string;
    store_id: string;
    day: Day;
    points: number;
  };
  "plugin_membership.points_expiry_notices": {
    tenant_id: string;
    member_id: string;
    expires_at: ColumnType<Date, Date | string, Date | string>;
    points: number;
    created_at: Timestamp;
  };
}
