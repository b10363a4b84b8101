-- Members of the district (商圈会员): one row per consumer who joined the district, with an electronic card.
-- Personal data is stored only encrypted (mobile, name, birthday) with a blind index of the mobile for sign-in and
-- de-duplication; birth month and day are kept apart for birthday care (生日关怀) without decrypting.
-- member_no is the number printed under the card's QR code and sent by POS systems as a sale's memberId;
-- member_ref is the district's keyed pseudonym of member_no, which is all the data center keeps of a sale's member.
create schema plugin_membership;
grant usage on schema plugin_membership to district_app, district_platform;

create table plugin_membership.levels (
  tenant_id uuid not null references core.tenants (id),
  id uuid not null,
  code text not null check (code ~ '^[a-z][a-z0-9_-]{0,31}$'),
  name_zh text not null check (length(name_zh) between 1 and 32),
  name_en text not null check (length(name_en) between 1 and 32),
  -- Higher rank, better level; rank 0 is the entry level every member starts at.
  rank smallint not null check (rank between 0 and 20),
  -- Points earned in the qualifying window needed to reach the level.
  threshold_points integer not null default 0 check (threshold_points >= 0),
  -- Points earned per yuan are multiplied by this for members of the level (1.00 = no bonus).
  earn_multiplier numeric(4, 2) not null default 1 check (earn_multiplier between 0 and 10),
  benefits jsonb not null default '[]',
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, code),
  unique (tenant_id, rank)
);
select core.protect_tenant_table('plugin_membership.levels');

create table plugin_membership.members (
  tenant_id uuid not null references core.tenants (id),
  id uuid not null,
  member_no text not null check (member_no ~ '^[0-9]{8,16}$'),
  member_ref text not null,
  mobile_enc text check (mobile_enc like 'pii1.phone.%'),
  mobile_index text,
  name_enc text check (name_enc like 'pii1.name.%'),
  birthday_enc text,
  birth_month smallint check (birth_month between 1 and 12),
  birth_day smallint check (birth_day between 1 and 31),
  level_id uuid,
  status text not null default 'active' check (status in ('active', 'erased')),
  -- Where and how the member joined: 'h5', 'counter', 'pos', 'import'; the store when they joined at one.
  joined_channel text not null check (joined_channel ~ '^[a-z][a-z0-9-]{0,31}$'),
  joined_store_id uuid,
  -- The key of the card's rotating code (a TOTP-like HMAC over the time step), so a screenshot expires.
  card_secret text not null,
  joined_at timestamptz not null default now(),
  erased_at timestamptz,
  primary key (tenant_id, id),
  unique (tenant_id, member_no),
  unique (tenant_id, member_ref),
  foreign key (tenant_id, level_id) references plugin_membership.levels (tenant_id, id),
  -- An erased member keeps the row (the points ledger refers to it) but no personal data.
  check (status = 'erased' or mobile_enc is not null)
);
create unique index members_mobile on plugin_membership.members (tenant_id, mobile_index) where status = 'active';
select core.protect_tenant_table('plugin_membership.members');

-- 双会员: a member of the district becomes a member of each store they join at or pay at, in the same step.
create table plugin_membership.store_members (
  tenant_id uuid not null,
  member_id uuid not null,
  store_id uuid not null,
  via text not null check (via in ('signup', 'sale', 'manual')),
  joined_at timestamptz not null default now(),
  primary key (tenant_id, member_id, store_id),
  foreign key (tenant_id, member_id) references plugin_membership.members (tenant_id, id)
);
create index store_members_by_store on plugin_membership.store_members (tenant_id, store_id, joined_at);
select core.protect_tenant_table('plugin_membership.store_members');

-- Sessions of members on the H5 pages and apps: only a hash of the token is stored.
create table plugin_membership.member_sessions (
  tenant_id uuid not null,
  token_hash text not null,
  member_id uuid not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  primary key (tenant_id, token_hash),
  foreign key (tenant_id, member_id) references plugin_membership.members (tenant_id, id)
);
select core.protect_tenant_table('plugin_membership.member_sessions');
