-- Satisfaction surveys (Xuzhou DB3203 §8: satisfaction = (satisfied + basically satisfied) / surveyed ≥ 85 %).
create schema plugin_satisfaction;
grant usage on schema plugin_satisfaction to district_app, district_platform;

create table plugin_satisfaction.surveys (
  tenant_id uuid not null references core.tenants (id),
  id uuid not null,
  title text not null check (length(title) between 2 and 100),
  -- The store a survey is about; null for the whole district.
  store_id uuid,
  status text not null default 'open' check (status in ('open', 'closed')),
  closes_at timestamptz,
  created_by text not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
select core.protect_tenant_table('plugin_satisfaction.surveys');

create table plugin_satisfaction.responses (
  tenant_id uuid not null,
  id uuid not null,
  survey_id uuid not null,
  -- 5 very satisfied 非常满意, 4 satisfied 满意, 3 basically satisfied 基本满意, 2 dissatisfied 不满意, 1 very dissatisfied 非常不满意
  rating smallint not null check (rating between 1 and 5),
  comment text check (length(comment) <= 500),
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, survey_id) references plugin_satisfaction.surveys (tenant_id, id)
);
create index responses_by_survey on plugin_satisfaction.responses (tenant_id, survey_id);
select core.protect_tenant_table('plugin_satisfaction.responses', false);
