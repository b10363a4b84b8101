-- SMS verification codes (短信验证码) for joining and signing in. Neither the number nor the code is kept in clear:
-- the number as its blind index, the code as a keyed hash (the district's pseudonym key, which is not in the
-- database), so a dump reveals no live code although six digits are few. The rows double as the send log the rate
-- limits count (one a minute, ten a day per number), and the retention job deletes them after a day.
create table plugin_membership.member_codes (
  tenant_id uuid not null references core.tenants (id),
  id uuid not null,
  mobile_index text not null,
  code_hash text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  -- Wrong guesses so far; the fifth ends the code, so a code cannot be guessed in the 5 minutes it lives.
  attempts smallint not null default 0 check (attempts between 0 and 5),
  used_at timestamptz,
  -- The gateway's message id, to trace a complaint that an SMS never came.
  sms_id text check (length(sms_id) <= 100),
  primary key (tenant_id, id),
  check (expires_at > created_at)
);
create index member_codes_by_mobile on plugin_membership.member_codes (tenant_id, mobile_index, created_at desc);
select core.protect_tenant_table('plugin_membership.member_codes');
