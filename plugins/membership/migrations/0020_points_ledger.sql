-- The district-wide points ledger (联盟积分). Points are entries, never a balance alone: every earn, redemption,
-- expiry, adjustment and reversal is one append-only row, and a member's balance is the sum of their entries.
-- points_accounts caches that sum per member: every write locks the member's row FOR UPDATE first and the check
-- keeps it ≥ 0, so concurrent redemptions queue on the row instead of overdrawing it.
create table plugin_membership.points_accounts (
  tenant_id uuid not null,
  member_id uuid not null,
  balance integer not null default 0 check (balance >= 0),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, member_id),
  foreign key (tenant_id, member_id) references plugin_membership.members (tenant_id, id)
);
select core.protect_tenant_table('plugin_membership.points_accounts');

create table plugin_membership.points_ledger (
  tenant_id uuid not null,
  id uuid not null,
  member_id uuid not null,
  kind text not null check (kind in ('earn', 'redeem', 'expire', 'adjust', 'reverse')),
  points integer not null check (points <> 0),
  -- The store where it happened (earned, redeemed, awarded); null for the district (operator adjustments,
  -- spending on district rewards, expiry).
  store_id uuid,
  reason text not null check (length(reason) between 1 and 200),
  -- Whoever writes an entry names it, so a retried request or a redelivered event finds the first one.
  idempotency_key text not null check (length(idempotency_key) between 1 and 600),
  actor text not null,
  -- The balance right after this entry (exact: written while the account row is locked).
  balance_after integer not null check (balance_after >= 0),
  -- The sale receipt an earn or reverse entry belongs to.
  receipt_id text,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, idempotency_key),
  foreign key (tenant_id, member_id) references plugin_membership.members (tenant_id, id),
  check (
    (kind = 'earn' and points > 0) or (kind in ('redeem', 'expire', 'reverse') and points < 0) or kind = 'adjust'
  )
);
create index points_ledger_by_member on plugin_membership.points_ledger (tenant_id, member_id, created_at, id);
create index points_ledger_by_store on plugin_membership.points_ledger (tenant_id, store_id, created_at);
select core.protect_tenant_table('plugin_membership.points_ledger', false);

-- Each credit (earn, positive adjustment) is a lot: where its points come from and how many are left. Spending
-- takes lots oldest-first; a lot's origin is the party that pays when its points are redeemed elsewhere.
create table plugin_membership.points_lots (
  tenant_id uuid not null,
  entry_id uuid not null,
  member_id uuid not null,
  -- null: the district (operator adjustments).
  origin_store_id uuid,
  points integer not null check (points > 0),
  remaining integer not null check (remaining between 0 and points),
  earned_at timestamptz not null default now(),
  -- Fixed when the lot is made, with the policy of that day; null: never.
  expires_at timestamptz,
  primary key (tenant_id, entry_id),
  foreign key (tenant_id, entry_id) references plugin_membership.points_ledger (tenant_id, id),
  foreign key (tenant_id, member_id) references plugin_membership.members (tenant_id, id)
);
create index points_lots_open on plugin_membership.points_lots (tenant_id, member_id, earned_at, entry_id)
  where remaining > 0;
create index points_lots_expiring on plugin_membership.points_lots (tenant_id, expires_at)
  where remaining > 0 and expires_at is not null;
select core.protect_tenant_table('plugin_membership.points_lots');

-- Which lots each debit (redeem, expire, adjust, reverse) took its points from. The origin, the place of the
-- debit, its kind and the settlement rate of the day are copied in, so settlement reads one table.
create table plugin_membership.points_consumptions (
  tenant_id uuid not null,
  entry_id uuid not null,
  lot_entry_id uuid not null,
  points integer not null check (points > 0),
  origin_store_id uuid,
  store_id uuid,
  kind text not null check (kind in ('redeem', 'expire', 'adjust', 'reverse')),
  -- Fen per point owed to the redeeming store, as set when it happened; null for kinds that are not settled.
  fen_per_point numeric(10, 4),
  created_at timestamptz not null default now(),
  primary key (tenant_id, entry_id, lot_entry_id),
  foreign key (tenant_id, entry_id) references plugin_membership.points_ledger (tenant_id, id),
  foreign key (tenant_id, lot_entry_id) references plugin_membership.points_lots (tenant_id, entry_id)
);
create index points_consumptions_redeemed on plugin_membership.points_consumptions (tenant_id, created_at)
  where kind = 'redeem';
select core.protect_tenant_table('plugin_membership.points_consumptions', false);
