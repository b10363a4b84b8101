-- The district's units (铺位): the lettable spaces, each with its code as on the floor plan, its floor and its area,
-- and which store occupied it when. Vacancy (空置率) is counted from these: a unit is vacant on a day that no
-- occupancy covers. Occupancies are kept as a history of district-local dates, [since, until) with an open end
-- while the store is still there, so a past period (the year-ago comparison) is counted as it was, not as it is.
create table core.units (
  tenant_id uuid not null references core.tenants (id),
  id uuid not null,
  code text not null check (length(code) between 1 and 32 and code !~ '\s'),
  floor text not null check (length(floor) between 1 and 20),
  area_m2 numeric(10, 2) not null check (area_m2 > 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, code)
);
select core.protect_tenant_table('core.units');

-- Overlapping occupancies of one unit are refused by the API (the whole list is checked before it is written);
-- an exclusion constraint would need btree_gist, which the embedded database does not ship.
create table core.unit_occupancies (
  tenant_id uuid not null,
  unit_id uuid not null,
  since date not null,
  until date,
  store_id uuid not null,
  primary key (tenant_id, unit_id, since),
  foreign key (tenant_id, unit_id) references core.units (tenant_id, id) on delete cascade,
  foreign key (tenant_id, store_id) references core.organisations (tenant_id, id),
  check (until is null or until > since)
);
create index unit_occupancies_by_store on core.unit_occupancies (tenant_id, store_id);
select core.protect_tenant_table('core.unit_occupancies');
