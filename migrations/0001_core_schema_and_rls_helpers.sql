-- The core schema and the helpers every tenant-owned table (core or plugin) uses for row-level security.
create schema if not exists core;
grant usage on schema core to district_app, district_platform;

-- The tenant of the current transaction, or null. nullif: once set and reset, the setting reads as ''.
create function core.current_tenant_id() returns uuid
  language sql stable
  as $$ select nullif(current_setting('app.tenant_id', true), '')::uuid $$;

-- Makes a table tenant-owned: RLS enabled and forced, one policy on tenant_id, and the grants the app and
-- platform roles need. `writable => false` leaves the app role select and insert only (append-only tables).
create function core.protect_tenant_table(target regclass, writable boolean default true) returns void
  language plpgsql
  as $$
begin
  execute format('alter table %s enable row level security', target);
  execute format('alter table %s force row level security', target);
  execute format('drop policy if exists tenant_isolation on %s', target);
  execute format(
    'create policy tenant_isolation on %s using (tenant_id = (select core.current_tenant_id())) '
    'with check (tenant_id = (select core.current_tenant_id()))',
    target
  );
  if writable then
    execute format('grant select, insert, update, delete on %s to district_app', target);
  else
    execute format('grant select, insert on %s to district_app', target);
  end if;
  execute format('grant select, insert, update, delete on %s to district_platform', target);
end
$$;

-- Which migrations ran is not tenant data; /healthz reports it.
grant select on core.schema_migrations to district_app, district_platform;
