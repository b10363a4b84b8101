-- Data center raw events (数据中心原始事件): what POS systems, door counters, parking gates and sensors send to
-- POST /api/v1/events. One table per event type, append-only for the application role. The sender's own event id
-- is the idempotency key within a sender scope: the store of a store-scoped sender, else the district itself
-- (scope_id = tenant_id). `at` is when it happened (sender's clock), `received_at` when it arrived, and `tx_id` the
-- writing transaction: the rollup job reads new rows by transaction id, so late events land in their old buckets
-- and rows of transactions still running at a rollup are picked up by the next one. No foreign key to core.tenants:
-- these are the hottest inserts of the platform, and the RLS check already pins tenant_id to the current tenant.
-- Not partitioned yet; (tenant_id, at) indexes serve time ranges, retention deletes by time.

create table core.footfall_events (
  tenant_id uuid not null,
  scope_id uuid not null,
  event_id text not null check (length(event_id) between 1 and 128),
  counter_id text not null check (length(counter_id) between 1 and 64),
  zone text not null check (length(zone) between 1 and 64),
  store_id uuid,
  in_count integer not null check (in_count >= 0),
  out_count integer not null check (out_count >= 0),
  at timestamptz not null,
  received_at timestamptz not null default now(),
  tx_id xid8 not null default pg_current_xact_id(),
  primary key (tenant_id, scope_id, event_id)
);
create index footfall_events_at on core.footfall_events (tenant_id, at);
create index footfall_events_tx on core.footfall_events (tenant_id, tx_id);
select core.protect_tenant_table('core.footfall_events', false);

-- Money in integer fen. A refund is `refund = true` with a positive amount (the amount given back).
-- member_ref is a keyed pseudonym of the sender's member id, never the id itself.
create table core.sale_events (
  tenant_id uuid not null,
  scope_id uuid not null,
  event_id text not null check (length(event_id) between 1 and 128),
  store_id uuid not null,
  receipt_id text not null check (length(receipt_id) between 1 and 128),
  amount_fen bigint not null check (amount_fen >= 0),
  refund boolean not null default false,
  payment_method text not null check (payment_method in ('cash', 'card', 'wechat', 'alipay', 'ecny')),
  member_ref text,
  items jsonb,
  at timestamptz not null,
  received_at timestamptz not null default now(),
  tx_id xid8 not null default pg_current_xact_id(),
  primary key (tenant_id, scope_id, event_id)
);
create index sale_events_at on core.sale_events (tenant_id, at);
create index sale_events_tx on core.sale_events (tenant_id, tx_id);
select core.protect_tenant_table('core.sale_events', false);

-- Licence plates are personal information: only the ciphertext (district data key) and a blind index are kept.
create table core.parking_events (
  tenant_id uuid not null,
  scope_id uuid not null,
  event_id text not null check (length(event_id) between 1 and 128),
  gate_id text not null check (length(gate_id) between 1 and 64),
  plate_enc text not null check (plate_enc like 'pii1.plate.%'),
  plate_index text not null,
  direction text not null check (direction in ('in', 'out')),
  at timestamptz not null,
  received_at timestamptz not null default now(),
  tx_id xid8 not null default pg_current_xact_id(),
  primary key (tenant_id, scope_id, event_id)
);
create index parking_events_at on core.parking_events (tenant_id, at);
create index parking_events_tx on core.parking_events (tenant_id, tx_id);
create index parking_events_plate on core.parking_events (tenant_id, plate_index, at);
select core.protect_tenant_table('core.parking_events', false);

create table core.sensor_events (
  tenant_id uuid not null,
  scope_id uuid not null,
  event_id text not null check (length(event_id) between 1 and 128),
  device_id text not null check (length(device_id) between 1 and 64),
  metric text not null check (metric in ('energy_kwh', 'temperature_c', 'humidity_pct', 'pm25')),
  value double precision not null,
  at timestamptz not null,
  received_at timestamptz not null default now(),
  tx_id xid8 not null default pg_current_xact_id(),
  primary key (tenant_id, scope_id, event_id)
);
create index sensor_events_at on core.sensor_events (tenant_id, at);
create index sensor_events_tx on core.sensor_events (tenant_id, tx_id);
select core.protect_tenant_table('core.sensor_events', false);
