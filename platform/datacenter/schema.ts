/** Kysely types of the data center tables (migrations 0070–0074). */
import type { ColumnType, Generated } from "kysely";
import type { UnitTables } from "./units-schema.ts";

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Received = ColumnType<Date, Date | string | undefined, never>;
/** xid8 of the writing transaction, read as a decimal string. */
type TxId = ColumnType<string, never, never>;

interface RawEventColumns {
  tenant_id: string;
  scope_id: string;
  event_id: string;
  at: Timestamp;
  received_at: Received;
  tx_id: TxId;
}

export interface FootfallEventsTable extends RawEventColumns {
  counter_id: string;
  zone: string;
  store_id: string | null;
  in_count: number;
  out_count: number;
  /** Average stay in seconds of the people counted out, where the counter measures it. */
  dwell_seconds: ColumnType<number | null, number | null | undefined, never>;
}

export interface SaleEventsTable extends RawEventColumns {
  store_id: string;
  receipt_id: string;
  amount_fen: ColumnType<string, number | string, never>;
  refund: boolean;
  payment_method: string;
  member_ref: string | null;
  items: ColumnType<unknown, string | null, never>;
  channel: ColumnType<"offline" | "online", "offline" | "online" | undefined, never>;
  refund_of: string | null;
}

export interface ParkingEventsTable extends RawEventColumns {
  gate_id: string;
  plate_enc: string;
  plate_index: string;
  direction: "in" | "out";
}

export interface SensorEventsTable extends RawEventColumns {
  device_id: string;
  metric: string;
  value: number;
}

export interface MetricRollupsTable {
  tenant_id: string;
  granularity: "hour" | "day";
  metric: string;
  bucket: Timestamp;
  store: string;
  dim: string;
  n: ColumnType<string, number | string, number | string>;
  total: ColumnType<string, number | string, number | string>;
  min: ColumnType<string | null, number | string | null, number | string | null>;
  max: ColumnType<string | null, number | string | null, number | string | null>;
  updated_at: Generated<Date>;
}

export interface RollupWatermarksTable {
  tenant_id: string;
  rolled_up_to: string;
  runs: Generated<string>;
  updated_at: Generated<Date>;
}

export interface DatacenterTables extends UnitTables {
  "core.footfall_events": FootfallEventsTable;
  "core.sale_events": SaleEventsTable;
  "core.parking_events": ParkingEventsTable;
  "core.sensor_events": SensorEventsTable;
  "core.metric_rollups": MetricRollupsTable;
  "core.rollup_watermarks": RollupWatermarksTable;
}
