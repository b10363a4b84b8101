-- Coupons (卡券): templates made by the operator for the district or by a store for itself, coupons issued from them
-- to members (claimed online, pushed to a segment, exchanged for points, given for a survey or by hand), and their
-- redemptions at a store's till or a car park's exit (线上发放、线下核销).

create table plugin_membership.coupon_templates (
  tenant_id uuid not null references core.tenants (id),
  id uuid not null,
  -- The store that made it (valid only there); null: the operator's, for the district.
  owner_store_id uuid,
  title text not null check (length(title) between 2 and 60),
  description text check (length(description) <= 500),
  -- amount: amount_off_fen off; percent: percent_off % off, at most max_discount_fen; gift: gift_description is
  -- handed over; parking: free_minutes at the district's car parks.
  kind text not null check (kind in ('amount', 'percent', 'gift', 'parking')),
  amount_off_fen integer check (amount_off_fen > 0),
  percent_off smallint check (percent_off between 1 and 90),
  max_discount_fen integer check (max_discount_fen > 0),
  gift_description text check (length(gift_description) between 1 and 100),
  free_minutes integer check (free_minutes between 1 and 1440),
  -- The smallest purchase the coupon applies to (满减); 0: any.
  min_spend_fen integer not null default 0 check (min_spend_fen >= 0),
  -- Validity: a fixed window (valid_from–valid_until), N days after issue (valid_days), or both (whichever ends
  -- first). A coupon copies its own window when issued, so changing nothing later can shorten a coupon held.
  valid_from timestamptz,
  valid_until timestamptz,
  valid_days smallint check (valid_days between 1 and 366),
  -- null: no limit.
  total_limit integer check (total_limit > 0),
  per_member_limit integer not null default 1 check (per_member_limit between 1 and 100),
  -- Coupons issued so far; raised while the row is locked, so total_limit holds under concurrent claims.
  issued_count integer not null default 0 check (issued_count >= 0),
  -- Members may exchange points for it when set (积分兑换).
  points_cost integer check (points_cost > 0),
  -- Members may claim it online (领券) when true.
  claimable boolean not null default false,
  -- paused: no more are issued; coupons already held stay usable until they expire.
  status text not null default 'active' check (status in ('active', 'paused')),
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, owner_store_id) references core.organisations (tenant_id, id),
  check (valid_until is not null or valid_days is not null),
  check (valid_from is null or valid_until is null or valid_from < valid_until),
  check (total_limit is null or issued_count <= total_limit),
  check (
    (kind = 'amount' and amount_off_fen is not null and percent_off is null and gift_description is null
      and free_minutes is null)
    or (kind = 'percent' and percent_off is not null and max_discount_fen is not null and amount_off_fen is null
      and gift_description is null and free_minutes is null)
    or (kind = 'gift' and gift_description is not null and amount_off_fen is null and percent_off is null
      and free_minutes is null)
    or (kind = 'parking' and free_minutes is not null and amount_off_fen is null and percent_off is null
      and gift_description is null and min_spend_fen = 0)
  )
);
create index coupon_templates_by_store on plugin_membership.coupon_templates (tenant_id, owner_store_id);
select core.protect_tenant_table('plugin_membership.coupon_templates');

-- The stores where an operator's template is valid; none listed: every store of the district.
create table plugin_membership.coupon_template_stores (
  tenant_id uuid not null,
  template_id uuid not null,
  store_id uuid not null,
  primary key (tenant_id, template_id, store_id),
  foreign key (tenant_id, template_id) references plugin_membership.coupon_templates (tenant_id, id),
  foreign key (tenant_id, store_id) references core.organisations (tenant_id, id)
);
select core.protect_tenant_table('plugin_membership.coupon_template_stores');

-- A push of a template to a segment, run as a job; each member gets at most one coupon per batch.
create table plugin_membership.coupon_issue_batches (
  tenant_id uuid not null,
  id uuid not null,
  template_id uuid not null,
  -- The campaigns area's segment (no foreign key: its tables are created after these).
  segment_id uuid not null,
  status text not null default 'queued' check (status in ('queued', 'running', 'done')),
  members_total integer check (members_total >= 0),
  issued integer not null default 0 check (issued >= 0),
  skipped integer not null default 0 check (skipped >= 0),
  created_by text not null,
  created_at timestamptz not null default now(),
  finished_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, template_id) references plugin_membership.coupon_templates (tenant_id, id)
);
create index coupon_issue_batches_by_template on plugin_membership.coupon_issue_batches (tenant_id, template_id);
select core.protect_tenant_table('plugin_membership.coupon_issue_batches');

create table plugin_membership.coupons (
  tenant_id uuid not null,
  id uuid not null,
  template_id uuid not null,
  -- null once the member's data was erased: the coupon is kept, detached, so counts stay right.
  member_id uuid,
  -- 14 characters of Crockford base32 (65 random bits and a check character); shown as text and as a QR code.
  code text not null check (code ~ '^[0-9A-HJKMNP-TV-Z]{14}$'),
  source text not null check (source in ('claim', 'push', 'points', 'survey', 'birthday', 'manual')),
  -- The caller's idempotency key, unique per template and member: a retried claim or push finds the first coupon.
  issue_key text not null check (length(issue_key) between 1 and 200),
  batch_id uuid,
  status text not null default 'active' check (status in ('active', 'redeemed', 'expired', 'void')),
  valid_from timestamptz not null,
  valid_until timestamptz not null,
  issued_by text not null,
  issued_at timestamptz not null default now(),
  redeemed_at timestamptz,
  primary key (tenant_id, id),
  unique (tenant_id, code),
  foreign key (tenant_id, template_id) references plugin_membership.coupon_templates (tenant_id, id),
  foreign key (tenant_id, member_id) references plugin_membership.members (tenant_id, id),
  foreign key (tenant_id, batch_id) references plugin_membership.coupon_issue_batches (tenant_id, id),
  check (valid_from < valid_until),
  check ((status = 'redeemed') = (redeemed_at is not null))
);
create unique index coupons_issue_key on plugin_membership.coupons (tenant_id, template_id, member_id, issue_key);
create index coupons_by_member on plugin_membership.coupons (tenant_id, member_id, issued_at);
create index coupons_by_template on plugin_membership.coupons (tenant_id, template_id, status);
create index coupons_expiring on plugin_membership.coupons (tenant_id, valid_until) where status = 'active';
select core.protect_tenant_table('plugin_membership.coupons');

-- One row per use of a coupon: at a store's till (kind 'store') or a car park's exit (kind 'parking'). An undone
-- redemption keeps its row with undone_at set; at most one redemption of a coupon is in force at any time.
create table plugin_membership.coupon_redemptions (
  tenant_id uuid not null,
  id uuid not null,
  coupon_id uuid not null,
  kind text not null check (kind in ('store', 'parking')),
  store_id uuid,
  -- The sale's receipt (store) or the parking session (parking): the same reference again is the same redemption.
  reference text check (length(reference) between 1 and 100),
  amount_fen integer check (amount_fen >= 0),
  discount_fen integer not null default 0 check (discount_fen >= 0),
  free_minutes integer check (free_minutes > 0),
  redeemed_by text not null,
  redeemed_at timestamptz not null default now(),
  undone_at timestamptz,
  undone_by text,
  primary key (tenant_id, id),
  foreign key (tenant_id, coupon_id) references plugin_membership.coupons (tenant_id, id),
  foreign key (tenant_id, store_id) references core.organisations (tenant_id, id),
  check ((kind = 'store') = (store_id is not null)),
  check ((undone_at is null) = (undone_by is null))
);
create unique index coupon_redemptions_in_force on plugin_membership.coupon_redemptions (tenant_id, coupon_id)
  where undone_at is null;
create index coupon_redemptions_by_store on plugin_membership.coupon_redemptions (tenant_id, store_id, redeemed_at);
select core.protect_tenant_table('plugin_membership.coupon_redemptions');
