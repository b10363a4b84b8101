-- Earning points from sales: the operator's rules as data, which stores take part in the alliance, and what each
-- receipt earned and had reversed, so a resent receipt or refund never pays or takes twice.

-- Earning rules. 'base' rules give points per yuan for their scope (the most specific one applies: a category,
-- then a store, then the whole district); 'campaign' rules multiply within a date window (the highest applies).
create table plugin_membership.points_rules (
  tenant_id uuid not null references core.tenants (id),
  id uuid not null,
  name text not null check (length(name) between 1 and 60),
  kind text not null check (kind in ('base', 'campaign')),
  scope text not null check (scope in ('district', 'store', 'category')),
  -- The store of a 'store' rule; a 'category' rule may name one to apply only there.
  store_id uuid,
  category text check (length(category) between 1 and 64),
  points_per_yuan numeric(8, 2) check (points_per_yuan between 0 and 1000),
  multiplier numeric(4, 2) check (multiplier between 1 and 10),
  starts_at timestamptz,
  ends_at timestamptz,
  -- At most this many points per member per district-local day from this rule (base rules).
  daily_cap_per_member integer check (daily_cap_per_member > 0),
  excluded_payment_methods text[] not null default '{}'
    check (excluded_payment_methods <@ array['cash', 'card', 'wechat', 'alipay', 'ecny']),
  active boolean not null default true,
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  check ((kind = 'base') = (points_per_yuan is not null)),
  check ((kind = 'campaign') = (multiplier is not null)),
  check (kind = 'base' or (starts_at is not null and ends_at is not null)),
  check (kind = 'base' or daily_cap_per_member is null),
  check (starts_at is null or ends_at is null or starts_at < ends_at),
  check ((scope = 'store') = (store_id is not null) or scope = 'category'),
  check ((scope = 'category') = (category is not null))
);
select core.protect_tenant_table('plugin_membership.points_rules');

-- Stores' part in the alliance. A store without a row follows the setting pointsStoresParticipateByDefault.
create table plugin_membership.points_participation (
  tenant_id uuid not null,
  store_id uuid not null,
  participates boolean not null,
  updated_by text not null,
  updated_at timestamptz not null default now(),
  primary key (tenant_id, store_id)
);
select core.protect_tenant_table('plugin_membership.points_participation');

-- One row per member sale a store reported (its receiptId), whatever event ids it came under: what it earned and
-- how much of it refunds took back.
create table plugin_membership.points_receipts (
  tenant_id uuid not null,
  store_id uuid not null,
  receipt_id text not null,
  member_id uuid not null,
  amount_fen bigint not null check (amount_fen >= 0),
  earned_points integer not null check (earned_points >= 0),
  earn_entry_id uuid,
  refunded_fen bigint not null default 0 check (refunded_fen >= 0),
  reversed_points integer not null default 0 check (reversed_points between 0 and earned_points),
  -- Points a refund should have taken back but the member had already spent (the balance never goes negative).
  unrecovered_points integer not null default 0 check (unrecovered_points >= 0),
  sold_at timestamptz not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, store_id, receipt_id),
  foreign key (tenant_id, member_id) references plugin_membership.members (tenant_id, id),
  foreign key (tenant_id, earn_entry_id) references plugin_membership.points_ledger (tenant_id, id)
);
select core.protect_tenant_table('plugin_membership.points_receipts');

-- Each refund once (refund_key: its own receipt, or its receipt, time and amount), also when it arrives before
-- its sale: the sale then earns and is reversed at once.
create table plugin_membership.points_refunds (
  tenant_id uuid not null,
  store_id uuid not null,
  refund_key text not null,
  receipt_id text not null,
  amount_fen bigint not null check (amount_fen >= 0),
  created_at timestamptz not null default now(),
  primary key (tenant_id, store_id, refund_key)
);
create index points_refunds_by_receipt on plugin_membership.points_refunds (tenant_id, store_id, receipt_id);
select core.protect_tenant_table('plugin_membership.points_refunds', false);

-- Points a member earned per rule and district-local day, for the rules' daily caps. rule_key: a rule's id, or
-- 'default' for the district's default rate.
create table plugin_membership.points_rule_usage (
  tenant_id uuid not null,
  member_id uuid not null,
  rule_key text not null,
  day date not null,
  points integer not null check (points >= 0),
  primary key (tenant_id, member_id, rule_key, day),
  foreign key (tenant_id, member_id) references plugin_membership.members (tenant_id, id)
);
select core.protect_tenant_table('plugin_membership.points_rule_usage');

-- Points a store awarded by hand per district-local day, for the daily limit (one upsert, so concurrent awards
-- cannot pass it together).
create table plugin_membership.points_store_awards (
  tenant_id uuid not null,
  store_id uuid not null,
  day date not null,
  points integer not null check (points >= 0),
  primary key (tenant_id, store_id, day)
);
select core.protect_tenant_table('plugin_membership.points_store_awards');

-- Members told that points will expire, once per member and expiry time.
create table plugin_membership.points_expiry_notices (
  tenant_id uuid not null,
  member_id uuid not null,
  expires_at timestamptz not null,
  points integer not null check (points > 0),
  created_at timestamptz not null default now(),
  primary key (tenant_id, member_id, expires_at),
  foreign key (tenant_id, member_id) references plugin_membership.members (tenant_id, id)
);
select core.protect_tenant_table('plugin_membership.points_expiry_notices', false);
