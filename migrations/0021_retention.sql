-- Retention: per-tenant overrides of the registered data classes' default periods, and a log of every sweep.
create table core.retention_policies (
  tenant_id uuid not null references core.tenants (id),
  data_class text not null,
  -- The legal minimum per class is checked in TypeScript, where the classes are registered.
  days integer not null check (days > 0),
  updated_by text not null,
  updated_at timestamptz not null default now(),
  primary key (tenant_id, data_class)
);
select core.protect_tenant_table('core.retention_policies');

-- One row per data class per run: what was deleted or anonymised, up to which cutoff. The row is written in the
-- same transaction as each batch, so it always matches what was committed even if a run stops half-way.
create table core.retention_runs (
  tenant_id uuid not null references core.tenants (id),
  id uuid not null,
  run_id uuid not null,
  data_class text not null,
  action text not null check (action in ('delete', 'anonymise')),
  days integer not null,
  cutoff timestamptz not null,
  rows_affected bigint not null default 0,
  started_at timestamptz not null default now(),
  finished_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
create index retention_runs_by_class on core.retention_runs (tenant_id, data_class, started_at desc);
-- A run log the application can add to but not delete or rewrite; batches only advance the counters.
select core.protect_tenant_table('core.retention_runs', false);
grant update (rows_affected, finished_at) on core.retention_runs to district_app;
