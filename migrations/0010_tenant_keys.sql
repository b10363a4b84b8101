-- Each tenant's keys for personal information, stored only wrapped (AES-256-GCM) by a master key that comes from
-- configuration, never from the database: a dump of this table decrypts nothing on its own.
--   purpose 'encryption': data keys for field encryption; rotation adds a version, old versions stay so that
--                         values written under them remain readable.
--   purpose 'lookup':     the secret blind-index and pseudonym keys are derived from; separate from the data keys
--                         so that rotating a data key does not invalidate indexes.
-- The application role may read and add keys but not change or delete them: rewrapping under a new master key and
-- destroying a tenant's keys (crypto-shredding) are platform operations, done through withPlatform.
create table core.tenant_keys (
  tenant_id uuid not null references core.tenants (id),
  purpose text not null check (purpose in ('encryption', 'lookup')),
  version integer not null check (version >= 1),
  master_key_id text not null check (master_key_id ~ '^[A-Za-z0-9_-]{1,32}$'),
  wrapped_key bytea not null check (octet_length(wrapped_key) between 44 and 1024),
  created_at timestamptz not null default now(),
  rewrapped_at timestamptz,
  primary key (tenant_id, purpose, version)
);
select core.protect_tenant_table('core.tenant_keys', false);
