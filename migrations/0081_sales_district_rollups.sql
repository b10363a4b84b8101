-- The district's sales over all its stores, as rollup rows of their own: metrics sales.district.sale and
-- sales.district.refund, store '', dim the payment method. The district dashboard then reads one row per bucket,
-- payment method and sale/refund instead of one per store as well (30 days of a district with ten stores: about
-- 5,000 rows instead of 30,000) and adds nothing up. The rollup job writes them with the per-store rows from now on;
-- this fills them in for the buckets rolled up before. Queries by store keep reading sales.sale / sales.refund.
-- Migrations run as the owner, whom forced row-level security holds too: the backfill covers every district, so the
-- policy is lifted for this transaction only and put back before it commits.
alter table core.metric_rollups no force row level security;

insert into core.metric_rollups (tenant_id, granularity, metric, bucket, store, dim, n, total, min, max)
select tenant_id, granularity, replace(metric, 'sales.', 'sales.district.'), bucket, '', dim, sum(n), sum(total),
       null, null
  from core.metric_rollups
 where metric in ('sales.sale', 'sales.refund')
 group by tenant_id, granularity, metric, bucket, dim
on conflict (tenant_id, granularity, metric, bucket, store, dim) do update
  set n = excluded.n, total = excluded.total, updated_at = now();

alter table core.metric_rollups force row level security;
