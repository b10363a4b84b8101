-- The tamper-evident audit log: one hash chain per tenant (core.audit_log) and one for the platform
-- (core.platform_audit_log). Entries are hashed in TypeScript (platform/audit/canonical.ts defines the encoding);
-- the database keeps the rows append-only and refuses an entry that does not extend its chain's head.
--
-- Maintenance path (the only way history may change): a core migration. Migrations run as district_owner, the
-- table owner, which alone (besides a superuser) may run
--   alter table core.audit_log disable trigger audit_log_append_only;
--   … the change …
--   alter table core.audit_log enable trigger audit_log_append_only;
-- inside the migration's single transaction. The migration file and its checksum in core.schema_migrations are
-- the record of what was done. No role gets UPDATE or DELETE on these tables, so the trigger is a second wall
-- for the owner and superusers, not the first. Retention of audit logs is not needed yet; when it is, it must
-- also leave a signed anchor (seq and head hash where the kept chain starts) so verification can begin there.

create table core.audit_log (
  tenant_id uuid not null references core.tenants (id),
  seq bigint not null check (seq >= 1),
  at timestamptz not null,
  -- "C" collation: byte order, so prefix filters on action (`like 'pii.%'`) can use the index.
  actor text collate "C" not null check (length(actor) between 1 and 200),
  action text collate "C" not null check (length(action) between 1 and 100),
  target text check (length(target) <= 500),
  details jsonb not null default '{}' check (jsonb_typeof(details) = 'object'),
  prev_hash text not null check (prev_hash ~ '^[0-9a-f]{64}$'),
  hash text not null check (hash ~ '^[0-9a-f]{64}$'),
  primary key (tenant_id, seq)
);
-- The audit viewer filters by actor or action and pages by seq.
create index audit_log_by_actor on core.audit_log (tenant_id, actor, seq);
create index audit_log_by_action on core.audit_log (tenant_id, action, seq);
-- Tenant sessions may read and append to their own chain only; the platform role may read every chain.
select core.protect_tenant_table('core.audit_log', false);
revoke insert, update, delete on core.audit_log from district_platform;

-- The platform's own chain (tenant creation, plan changes, cross-tenant access …); reached through withPlatform.
create table core.platform_audit_log (
  seq bigint primary key check (seq >= 1),
  at timestamptz not null,
  actor text collate "C" not null check (length(actor) between 1 and 200),
  action text collate "C" not null check (length(action) between 1 and 100),
  target text check (length(target) <= 500),
  details jsonb not null default '{}' check (jsonb_typeof(details) = 'object'),
  prev_hash text not null check (prev_hash ~ '^[0-9a-f]{64}$'),
  hash text not null check (hash ~ '^[0-9a-f]{64}$')
);
create index platform_audit_log_by_actor on core.platform_audit_log (actor, seq);
create index platform_audit_log_by_action on core.platform_audit_log (action, seq);
grant select, insert on core.platform_audit_log to district_platform;

-- Statement-level, so even an UPDATE or DELETE that matches no visible row is refused.
create function core.audit_refuse_change() returns trigger
  language plpgsql
  as $$
begin
  raise exception '%.% is append-only: % refused', tg_table_schema, tg_table_name, tg_op
    using hint = 'audit history changes only through a core migration (see migrations/0030_audit_log.sql)';
end
$$;

create trigger audit_log_append_only before update or delete or truncate on core.audit_log
  for each statement execute function core.audit_refuse_change();
create trigger platform_audit_log_append_only before update or delete or truncate on core.platform_audit_log
  for each statement execute function core.audit_refuse_change();

-- An entry must extend the head of its chain: the next seq, the head's hash as prev, and a time not before the
-- head's. Concurrent appends are serialised by an advisory lock in the application; this check (with the
-- primary key) turns a caller that skipped the lock, or wrote rows by hand, into an error instead of a gap.
create function core.audit_check_link() returns trigger
  language plpgsql
  as $$
declare
  head_seq bigint;
  head_hash text;
  head_at timestamptz;
begin
  if tg_table_name = 'audit_log' then
    select seq, hash, at into head_seq, head_hash, head_at
      from core.audit_log where tenant_id = new.tenant_id order by seq desc limit 1;
  else
    select seq, hash, at into head_seq, head_hash, head_at
      from core.platform_audit_log order by seq desc limit 1;
  end if;
  if new.seq <> coalesce(head_seq, 0) + 1 or new.prev_hash <> coalesce(head_hash, repeat('0', 64)) then
    raise exception 'audit entry % does not extend the head of its chain (seq %)', new.seq, coalesce(head_seq, 0)
      using errcode = 'integrity_constraint_violation';
  end if;
  if new.at < head_at then
    raise exception 'audit entry % is dated before the head of its chain', new.seq
      using errcode = 'integrity_constraint_violation';
  end if;
  return new;
end
$$;

create trigger audit_log_extends_head before insert on core.audit_log
  for each row execute function core.audit_check_link();
create trigger platform_audit_log_extends_head before insert on core.platform_audit_log
  for each row execute function core.audit_check_link();
