-- Store self-onboarding: a store applies to a district (no account yet), an operator approves or rejects.
-- The contact person's name and mobile are personal information: stored only encrypted with the tenant's data
-- key (pii1.<type>.… text), the mobile also as a blind index for equality lookups. The applicant follows the
-- application with a status token of which only the SHA-256 of its secret is kept; once approved, the owner's
-- invitation token is kept encrypted so the status page can show the link again until it is used.
create table core.store_applications (
  tenant_id uuid not null references core.tenants (id),
  id uuid not null,
  store_name text not null check (length(store_name) between 1 and 100),
  -- GB 32100 form, normalised (checked in full, checksum included, before it gets here)
  credit_code text not null check (credit_code ~ '^[0-9A-HJ-NP-RTUWXY]{18}$'),
  category text not null check (category ~ '^[a-z][a-z-]{1,31}$'),
  floor text not null check (length(floor) between 1 and 20),
  unit text not null check (length(unit) between 1 and 20),
  area_m2 numeric(10, 2) not null check (area_m2 > 0),
  staff_count int not null check (staff_count >= 0),
  contact_name_enc text not null check (contact_name_enc like 'pii1.name.%'),
  contact_mobile_enc text not null check (contact_mobile_enc like 'pii1.phone.%'),
  contact_mobile_index text not null,
  owner_login text not null check (owner_login ~ '^[a-z0-9][a-z0-9._@-]{2,63}$'),
  status text not null default 'pending' check (status in ('pending', 'approved', 'rejected')),
  status_token_hash text not null,
  submitted_at timestamptz not null default now(),
  decided_at timestamptz,
  decided_by text,
  reason text check (length(reason) between 2 and 200),
  organisation_id uuid,
  owner_account_id uuid references core.accounts (id),
  invitation_id uuid,
  -- The owner's invitation link, encrypted; cleared once the invitation is used.
  invitation_token_enc text check (invitation_token_enc like 'pii1.%'),
  primary key (tenant_id, id),
  foreign key (tenant_id, organisation_id) references core.organisations (tenant_id, id),
  foreign key (tenant_id, invitation_id) references core.invitations (tenant_id, id),
  check ((status = 'pending') = (decided_at is null)),
  check ((status = 'rejected') = (reason is not null)),
  check ((status = 'approved') = (organisation_id is not null)),
  check (status <> 'approved' or (owner_account_id is not null and invitation_id is not null))
);
select core.protect_tenant_table('core.store_applications');

-- One pending application per credit code and district; stores themselves are unique by
-- core.organisations (tenant_id, credit_code).
create unique index store_applications_pending_credit_code
  on core.store_applications (tenant_id, credit_code) where status = 'pending';
create index store_applications_by_status on core.store_applications (tenant_id, status, submitted_at desc);
create index store_applications_by_mobile on core.store_applications (tenant_id, contact_mobile_index);
