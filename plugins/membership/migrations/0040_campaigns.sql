-- Segments, campaigns and the member inbox (精准推送, store indicator 7: weekly targeted push to members who
-- consented). A segment's rules are data (jsonb) read by campaigns/segments.ts; tag ids in the rules are not foreign
-- keys, so deleting a tag leaves a rule that simply matches nobody (all-of) or no longer excludes (none-of).

create table plugin_membership.segments (
  tenant_id uuid not null references core.tenants (id),
  id uuid not null,
  name text not null check (length(name) between 1 and 60),
  description text check (length(description) <= 200),
  -- { allTags: uuid[], anyTags: uuid[], noneTags: uuid[], minLevelRank?, maxLevelRank?, storeId?, joinedWithinDays? }
  rules jsonb not null,
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
select core.protect_tenant_table('plugin_membership.segments');

create table plugin_membership.campaigns (
  tenant_id uuid not null references core.tenants (id),
  id uuid not null,
  title text not null check (length(title) between 2 and 40),
  body text not null check (length(body) between 1 and 300),
  channels text[] not null check (
    cardinality(channels) between 1 and 3 and channels <@ array['inbox', 'sms', 'wechat']::text[]
  ),
  segment_id uuid not null,
  -- draft → scheduled → sending → sent; draft or scheduled → cancelled.
  status text not null default 'draft' check (status in ('draft', 'scheduled', 'sending', 'sent', 'cancelled')),
  scheduled_at timestamptz,
  started_at timestamptz,
  finished_at timestamptz,
  -- Set by the sending job each chunk: a campaign still 'sending' long after it is picked up again (a worker died).
  heartbeat_at timestamptz,
  -- Members of the segment when sending started; the deliveries are that snapshot.
  audience_size integer check (audience_size >= 0),
  -- Where the unsubscribe link in an SMS points: the site the campaign was composed on, unless configured.
  link_origin text not null,
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, segment_id) references plugin_membership.segments (tenant_id, id),
  check (status <> 'scheduled' or scheduled_at is not null)
);
create index campaigns_due on plugin_membership.campaigns (tenant_id, status, scheduled_at);
select core.protect_tenant_table('plugin_membership.campaigns');

-- One row per member of the audience and channel: the key is what makes sending idempotent — a retried or resumed
-- job finds the row and never sends that message again. 'sending' is a claim taken (and committed) before the
-- gateway is called; a claim left behind by a worker that died becomes 'failed' (outcome unknown), never a resend.
create table plugin_membership.campaign_deliveries (
  tenant_id uuid not null,
  campaign_id uuid not null,
  member_id uuid not null,
  channel text not null check (channel in ('inbox', 'sms', 'wechat')),
  status text not null default 'pending' check (
    status in ('pending', 'sending', 'sent', 'skipped-no-consent', 'skipped-capped', 'failed')
  ),
  reason text check (length(reason) <= 300),
  provider_id text check (length(provider_id) <= 200),
  claimed_at timestamptz,
  decided_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (tenant_id, campaign_id, member_id, channel),
  foreign key (tenant_id, campaign_id) references plugin_membership.campaigns (tenant_id, id),
  foreign key (tenant_id, member_id) references plugin_membership.members (tenant_id, id)
);
create index campaign_deliveries_by_member on plugin_membership.campaign_deliveries (tenant_id, member_id, decided_at);
create index campaign_deliveries_open on plugin_membership.campaign_deliveries (tenant_id, campaign_id, status);
create index campaign_deliveries_sent on plugin_membership.campaign_deliveries (tenant_id, decided_at)
  where status = 'sent';
select core.protect_tenant_table('plugin_membership.campaign_deliveries');

-- The member's inbox (站内信) on the H5 pages: campaign messages (marketing) and service notices (points expiring,
-- coupon issued). The idempotency key makes a retried notice land once.
create table plugin_membership.inbox_messages (
  tenant_id uuid not null,
  id uuid not null,
  member_id uuid not null,
  kind text not null check (kind in ('marketing', 'service')),
  title text not null check (length(title) between 1 and 60),
  body text not null check (length(body) between 1 and 1000),
  campaign_id uuid,
  idempotency_key text not null check (length(idempotency_key) between 1 and 200),
  created_at timestamptz not null default now(),
  read_at timestamptz,
  primary key (tenant_id, id),
  unique (tenant_id, member_id, idempotency_key),
  foreign key (tenant_id, member_id) references plugin_membership.members (tenant_id, id),
  foreign key (tenant_id, campaign_id) references plugin_membership.campaigns (tenant_id, id)
);
create index inbox_messages_by_member on plugin_membership.inbox_messages (tenant_id, member_id, created_at desc);
select core.protect_tenant_table('plugin_membership.inbox_messages');
