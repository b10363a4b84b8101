-- Retention and erasure of raw data-center events. The raw tables stay append-only for the application role: a
-- request can never change or delete what a POS, counter or gate reported. Two narrow doors are opened instead, as
-- SECURITY DEFINER functions that act only on the current district's rows: the nightly retention job deletes rows
-- older than the district's retention period, and a data-subject erasure deletes the parking events of one plate
-- (found by its blind index). The rollups keep the aggregates; they hold no personal data.

create function core.expire_raw_events(target text, cutoff timestamptz, max_rows integer) returns integer
  language plpgsql security definer set search_path = pg_catalog, core
  as $$
declare
  tenant uuid := core.current_tenant_id();
  deleted integer;
begin
  if tenant is null then
    raise exception 'expire_raw_events needs a district (withTenant)';
  end if;
  if target not in ('footfall_events', 'sale_events', 'parking_events', 'sensor_events') then
    raise exception 'expire_raw_events: % is not a raw event table', target;
  end if;
  if cutoff > now() - interval '1 day' then
    raise exception 'expire_raw_events: the cutoff must be at least a day in the past';
  end if;
  execute format(
    'with doomed as (select scope_id, event_id from core.%I where tenant_id = $1 and at < $2 limit $3) '
    'delete from core.%I e using doomed d '
    'where e.tenant_id = $1 and e.scope_id = d.scope_id and e.event_id = d.event_id',
    target, target
  ) using tenant, cutoff, max_rows;
  get diagnostics deleted = row_count;
  return deleted;
end
$$;
revoke all on function core.expire_raw_events(text, timestamptz, integer) from public;
grant execute on function core.expire_raw_events(text, timestamptz, integer) to district_app;

create function core.erase_plate_events(plate_blind_index text) returns integer
  language plpgsql security definer set search_path = pg_catalog, core
  as $$
declare
  tenant uuid := core.current_tenant_id();
  deleted integer;
begin
  if tenant is null then
    raise exception 'erase_plate_events needs a district (withTenant)';
  end if;
  delete from core.parking_events where tenant_id = tenant and plate_index = plate_blind_index;
  get diagnostics deleted = row_count;
  return deleted;
end
$$;
revoke all on function core.erase_plate_events(text) from public;
grant execute on function core.erase_plate_events(text) to district_app;
