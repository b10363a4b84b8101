-- Transactional outbox: an event is written in the same transaction as the change it announces, so it exists
-- exactly when the change committed. A poller hands committed events to the job queue, one delivery job per
-- subscribed handler; a rolled-back transaction leaves nothing to deliver.
create table core.event_outbox (
  tenant_id uuid not null references core.tenants (id),
  id uuid not null,
  type text not null check (type ~ '^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$'),
  payload jsonb not null,
  actor text not null,
  created_at timestamptz not null default now(),
  dispatched_at timestamptz,
  primary key (tenant_id, id)
);
-- The poller looks for what is not dispatched yet, oldest first.
create index event_outbox_pending on core.event_outbox (created_at) where dispatched_at is null;
select core.protect_tenant_table('core.event_outbox', false);
-- Tenants append events; only the dispatcher (platform role) marks them dispatched.
grant update (dispatched_at) on core.event_outbox to district_platform;
