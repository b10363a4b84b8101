-- The member's profile: the birthday is encrypted as a birth date (birthDate personal information), while its month
-- and day stay in the clear columns of 0001 so the birthday job finds today's members without decrypting anyone.
alter table plugin_membership.members
  add constraint members_birthday_encrypted check (birthday_enc like 'pii1.birthDate.%'),
  add constraint members_birthday_parts check ((birth_month is null) = (birth_day is null)),
  add column profile_updated_at timestamptz;
create index members_birthday on plugin_membership.members (tenant_id, birth_month, birth_day)
  where status = 'active' and birth_month is not null;
create index members_by_level on plugin_membership.members (tenant_id, level_id) where status = 'active';

-- Each year's birthday care of a member happens once, however often the daily job runs (retries, two workers).
create table plugin_membership.birthday_greetings (
  tenant_id uuid not null,
  member_id uuid not null,
  year smallint not null check (year between 2000 and 2200),
  greeted_at timestamptz not null default now(),
  -- The birthday coupon given (coupons area), when the district set a template.
  coupon_id uuid,
  primary key (tenant_id, member_id, year),
  foreign key (tenant_id, member_id) references plugin_membership.members (tenant_id, id)
);
select core.protect_tenant_table('plugin_membership.birthday_greetings');
