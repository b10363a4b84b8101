-- A person can be disabled in one district without touching their platform-wide account: the membership carries
-- the state. A disabled membership gives no role in the district (sessions resolve no tenant for it), sign-in to
-- the district is refused, and disabling ends the sessions acting in the district. Enabling it again restores
-- the role the membership still holds. core.accounts.status stays the platform-wide switch.
alter table core.memberships
  add column status text not null default 'active' check (status in ('active', 'disabled'));
-- Counting a district's active operator admins (at least one must remain).
create index memberships_active_admins on core.memberships (tenant_id) where role = 'operator_admin' and status = 'active';
