-- Signed daily checkpoints of each tenant's audit chain: the last seq of a day and the head hash there, signed
-- with the platform's Ed25519 key (platform/audit/checkpoint.ts). A tenant, or anyone who rewrites a chain and
-- recomputes every hash, cannot produce a matching signature, so verification finds the rewrite.
-- Written by the platform role (the checkpoint job, through withPlatform); tenants may only read their own.
create table core.audit_checkpoints (
  tenant_id uuid not null references core.tenants (id),
  day date not null,
  last_seq bigint not null check (last_seq >= 0),
  head_hash text not null check (head_hash ~ '^[0-9a-f]{64}$'),
  -- Which key signed: the first 16 hex digits of the SHA-256 of its SPKI encoding.
  key_id text not null check (key_id ~ '^[0-9a-f]{16}$'),
  signature text not null,
  signed_at timestamptz not null default now(),
  primary key (tenant_id, day)
);
-- Verification walks checkpoints in chain order.
create index audit_checkpoints_by_seq on core.audit_checkpoints (tenant_id, last_seq, day);
select core.protect_tenant_table('core.audit_checkpoints', false);
revoke insert on core.audit_checkpoints from district_app;
revoke update, delete on core.audit_checkpoints from district_platform;

create trigger audit_checkpoints_append_only before update or delete or truncate on core.audit_checkpoints
  for each statement execute function core.audit_refuse_change();
