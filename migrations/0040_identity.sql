-- Identity: who can sign in and what they may do.
-- Accounts are platform-wide (a person may work for a bureau, or for more than one district); what an account
-- may do inside a district is a membership of that tenant. Sign-in and session checks run as district_auth, a
-- role that reaches only these tables, so they need neither a tenant nor the platform role.
grant usage on schema core to district_auth;

-- City commerce bureaus and the districts in their jurisdiction.
create table core.bureaus (
  id uuid primary key,
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name_zh text not null,
  name_en text not null,
  city text not null,
  created_at timestamptz not null default now()
);
grant select, insert, update, delete on core.bureaus to district_platform;
grant select on core.bureaus to district_auth;

create table core.bureau_districts (
  tenant_id uuid not null references core.tenants (id),
  bureau_id uuid not null references core.bureaus (id),
  primary key (tenant_id, bureau_id)
);
select core.protect_tenant_table('core.bureau_districts');

-- Organisations inside a district: the operator itself and each store.
create table core.organisations (
  tenant_id uuid not null references core.tenants (id),
  id uuid not null,
  kind text not null check (kind in ('operator', 'store')),
  name text not null check (length(name) between 1 and 100),
  credit_code text,
  category text,
  floor text,
  unit text,
  area_m2 numeric(10, 2) check (area_m2 > 0),
  staff_count int check (staff_count >= 0),
  status text not null default 'active' check (status in ('active', 'closed')),
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, credit_code)
);
select core.protect_tenant_table('core.organisations');

create table core.accounts (
  id uuid primary key,
  -- lower-case; letters, digits and . _ - @ (a username or an e-mail address)
  login text not null unique check (login ~ '^[a-z0-9][a-z0-9._@-]{2,63}$'),
  display_name text not null check (length(display_name) between 1 and 60),
  password_hash text,
  status text not null default 'active' check (status in ('invited', 'active', 'disabled')),
  failed_attempts int not null default 0,
  locked_until timestamptz,
  password_changed_at timestamptz,
  last_sign_in_at timestamptz,
  created_at timestamptz not null default now()
);
grant select, insert, update on core.accounts to district_auth;
grant select, insert, update on core.accounts to district_platform;

-- Roles outside any district: platform administrators and bureau officers.
create table core.platform_grants (
  account_id uuid not null references core.accounts (id),
  role text not null check (role in ('platform_admin', 'bureau_officer')),
  bureau_id uuid references core.bureaus (id),
  primary key (account_id, role),
  check ((role = 'bureau_officer') = (bureau_id is not null))
);
grant select on core.platform_grants to district_auth;
grant select, insert, update, delete on core.platform_grants to district_platform;

-- An account's role in one district; store roles name their store.
create table core.memberships (
  tenant_id uuid not null references core.tenants (id),
  account_id uuid not null references core.accounts (id),
  role text not null check (role in ('operator_admin', 'operator_staff', 'store_owner', 'store_staff')),
  organisation_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, account_id),
  foreign key (tenant_id, organisation_id) references core.organisations (tenant_id, id)
);
select core.protect_tenant_table('core.memberships');
-- Sign-in lists an account's districts before any tenant is chosen.
grant select on core.memberships to district_auth;
grant select on core.tenants to district_auth;

create table core.sessions (
  token_hash text primary key,
  account_id uuid not null references core.accounts (id),
  -- The district this session acts in (an account may belong to several); null for platform and bureau work.
  acting_tenant_id uuid references core.tenants (id),
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  user_agent text,
  ip text
);
create index sessions_by_account on core.sessions (account_id);
grant select, insert, update, delete on core.sessions to district_auth;

-- Invitations to set a password (new staff, new store owners). The token is shown once; its hash is kept.
create table core.invitations (
  tenant_id uuid not null references core.tenants (id),
  id uuid not null,
  account_id uuid not null references core.accounts (id),
  token_hash text not null,
  created_by text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  accepted_at timestamptz,
  primary key (tenant_id, id)
);
select core.protect_tenant_table('core.invitations');
-- A district's user list shows names and logins; passwords and lockout state stay with district_auth.
grant select (id, login, display_name, status, last_sign_in_at, created_at) on core.accounts to district_app;

-- Keys for systems (POS, gates, cameras, sensors, government endpoints). The token carries the tenant and key id,
-- so checking it needs no lookup across tenants; only a hash of its secret is kept.
create table core.api_keys (
  tenant_id uuid not null references core.tenants (id),
  id uuid not null,
  name text not null check (length(name) between 1 and 60),
  organisation_id uuid,
  permissions text[] not null,
  secret_hash text not null,
  created_by text not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, organisation_id) references core.organisations (tenant_id, id)
);
select core.protect_tenant_table('core.api_keys');
