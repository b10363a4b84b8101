-- Member tags (会员标签, Xuzhou 6.6.4 "consumption data tags"): set by hand by the operator, or by a rule kept as
-- data (spend, visits, categories bought, recency, over the sales the data center received) that the nightly job
-- applies. A tag is one or the other, so a rule's run never removes what a person put on by hand.
create table plugin_membership.tags (
  tenant_id uuid not null references core.tenants (id),
  id uuid not null,
  code text not null check (code ~ '^[a-z][a-z0-9_-]{0,31}$'),
  name text not null check (length(name) between 1 and 32),
  -- null: set by hand; otherwise { "all": [conditions] } (members/tag-rules.ts).
  rule jsonb check (rule is null or jsonb_typeof(rule) = 'object'),
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- When the rule was last applied.
  computed_at timestamptz,
  primary key (tenant_id, id),
  unique (tenant_id, code)
);
select core.protect_tenant_table('plugin_membership.tags');

create table plugin_membership.member_tags (
  tenant_id uuid not null,
  member_id uuid not null,
  tag_id uuid not null,
  source text not null check (source in ('manual', 'rule')),
  assigned_by text not null,
  assigned_at timestamptz not null default now(),
  primary key (tenant_id, member_id, tag_id),
  foreign key (tenant_id, member_id) references plugin_membership.members (tenant_id, id),
  foreign key (tenant_id, tag_id) references plugin_membership.tags (tenant_id, id) on delete cascade
);
create index member_tags_by_tag on plugin_membership.member_tags (tenant_id, tag_id);
select core.protect_tenant_table('plugin_membership.member_tags');
