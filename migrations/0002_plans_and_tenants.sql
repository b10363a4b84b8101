-- Subscription plans and tenants (one tenant per business district).
create table core.plans (
  id text primary key check (id ~ '^[a-z][a-z0-9-]{1,31}$'),
  name_zh text not null,
  name_en text not null,
  plugins text[] not null default '{}',
  updated_at timestamptz not null default now()
);
grant select on core.plans to district_app;
grant select, insert, update, delete on core.plans to district_platform;

create table core.tenants (
  id uuid primary key,
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name_zh text not null,
  name_en text not null,
  city text not null,
  plan_id text not null references core.plans (id),
  time_zone text not null default 'Asia/Shanghai',
  status text not null default 'active' check (status in ('active', 'suspended')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- A tenant session may read its own tenant row and no other.
alter table core.tenants enable row level security;
alter table core.tenants force row level security;
create policy tenant_self on core.tenants using (id = (select core.current_tenant_id()));
grant select on core.tenants to district_app;
grant select, insert, update, delete on core.tenants to district_platform;

-- Which plugins a tenant has enabled, with their configuration.
create table core.tenant_plugins (
  tenant_id uuid not null references core.tenants (id),
  plugin_id text not null,
  enabled boolean not null default true,
  config jsonb not null default '{}',
  updated_at timestamptz not null default now(),
  primary key (tenant_id, plugin_id)
);
select core.protect_tenant_table('core.tenant_plugins');

-- Every use of the cross-tenant path: who, and why.
create table core.platform_access_log (
  id uuid primary key,
  at timestamptz not null default now(),
  actor text not null,
  purpose text not null
);
grant select, insert on core.platform_access_log to district_platform;
