-- Rollups of the raw events (数据汇总): one row per district, granularity, metric, bucket and dimension.
-- granularity 'hour' buckets start on the hour; 'day' buckets start at local midnight of the district's time zone.
-- store is the store id ('' when the event names none); dim is the metric's own dimension (zone, payment method,
-- gate, device; '' when none). n counts events, total sums their values (people, fen, readings), min/max are kept
-- for sensor readings. Rows are recomputed from the raw rows of a bucket, so writing one twice changes nothing.
create table core.metric_rollups (
  tenant_id uuid not null references core.tenants (id),
  granularity text not null check (granularity in ('hour', 'day')),
  metric text not null check (metric ~ '^[a-z][a-z0-9_-]*\.[a-z0-9_.-]+$'),
  bucket timestamptz not null,
  store text not null default '',
  dim text not null default '',
  n bigint not null,
  total numeric not null,
  min numeric,
  max numeric,
  updated_at timestamptz not null default now(),
  primary key (tenant_id, granularity, metric, bucket, store, dim)
);
select core.protect_tenant_table('core.metric_rollups');

-- How far the rollup job has read: every raw row written by a transaction id below rolled_up_to is in the rollups.
create table core.rollup_watermarks (
  tenant_id uuid not null references core.tenants (id),
  rolled_up_to xid8 not null,
  runs bigint not null default 0,
  updated_at timestamptz not null default now(),
  primary key (tenant_id)
);
select core.protect_tenant_table('core.rollup_watermarks');
