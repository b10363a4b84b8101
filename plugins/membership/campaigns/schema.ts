/** Kysely types of the campaigns tables (migrations/0040_campaigns.sql). */
import type { ColumnType } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type Channel = "inbox" | "sms" | "wechat";
export type CampaignStatus = "draft" | "scheduled" | "sending" | "sent" | "cancelled";
export type DeliveryStatus = "pending" | "sending" | "sent" | "skipped-no-consent" | "skipped-capped" | "failed";
export type InboxKind = "marketing" | "service";

export interface CampaignsTables {
  "plugin_membership.segments": {
    tenant_id: string;
    id: string;
    name: string;
    description: string | null;
    rules: ColumnType<unknown, string, string>;
    created_by: string;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  "plugin_membership.campaigns": {
    tenant_id: string;
    id: string;
    title: string;
    body: string;
    channels: ColumnType<Channel[], Channel[], Channel[]>;
    segment_id: string;
    status: ColumnType<CampaignStatus, CampaignStatus | undefined, CampaignStatus>;
    scheduled_at: NullableTimestamp;
    started_at: NullableTimestamp;
    finished_at: NullableTimestamp;
    heartbeat_at: NullableTimestamp;
    audience_size: ColumnType<number | null, number | null | undefined, number | null>;
    link_origin: string;
    created_by: string;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  "plugin_membership.campaign_deliveries": {
    tenant_id: string;
    campaign_id: string;
    member_id: string;
    channel: Channel;
    status: ColumnType<DeliveryStatus, DeliveryStatus | undefined, DeliveryStatus>;
    reason: string | null;
    provider_id: string | null;
    claimed_at: NullableTimestamp;
    decided_at: NullableTimestamp;
    created_at: Timestamp;
  };
  "plugin_membership.inbox_messages": {
    tenant_id: string;
    id: string;
    member_id: string;
    kind: InboxKind;
    title: string;
    body: string;
    campaign_id: string | null;
    idempotency_key: string;
    created_at: Timestamp;
    read_at: NullableTimestamp;
  };
}
