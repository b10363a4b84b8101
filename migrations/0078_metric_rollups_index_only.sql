-- Dashboard series read core.metric_rollups by district, granularity, metric and a range of buckets. A district's
-- rows are spread over the whole table (the rollup job writes a few rows of every district each minute), so reading
-- them through the primary key cost one heap page per row: about 30,000 pages for 30 days of hourly sales of a
-- district with ten stores. With n and total carried in the primary key index (INCLUDE), the series are answered by
-- an index-only scan of a few hundred index pages. The key, and so what the rollup's upsert conflicts on, is
-- unchanged.
alter table core.metric_rollups
  drop constraint metric_rollups_pkey,
  add constraint metric_rollups_pkey primary key (tenant_id, granularity, metric, bucket, store, dim) include (n, total);

-- An index-only scan skips the heap only on pages the visibility map marks all-visible, which vacuum does. The rollup
-- rewrites the current buckets every minute; vacuuming after 2% of the rows changed (instead of 20%) keeps the map
-- current for all but the latest buckets.
alter table core.metric_rollups set (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02);
