-- Data-subject requests (PIPL art. 44-47: access/copy and erasure): the record that each was answered.
create table core.subject_requests (
  tenant_id uuid not null references core.tenants (id),
  id uuid not null,
  kind text not null check (kind in ('export', 'erase')),
  -- The opaque subject id; replaced by an erased reference once the subject is erased (see subject-requests-erase.ts).
  subject_id text not null check (length(subject_id) between 1 and 200),
  status text not null check (status in ('completed', 'failed')),
  requested_by text not null,
  requested_at timestamptz not null default now(),
  completed_at timestamptz,
  -- Counts per handler, never the exported data itself.
  result jsonb not null default '{}',
  -- On failure: which handler failed and the error's name; not its message, which may quote personal data.
  error text,
  primary key (tenant_id, id),
  check ((status = 'completed') = (completed_at is not null))
);
create index subject_requests_by_subject on core.subject_requests (tenant_id, subject_id);
-- The application may add requests and erase the subject reference, nothing else.
select core.protect_tenant_table('core.subject_requests', false);
grant update (subject_id) on core.subject_requests to district_app;
