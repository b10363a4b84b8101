-- Consent per purpose, as an append-only history: every grant and withdrawal is one row, and the current state
-- of a subject is its latest row per purpose. Keeping the history (rather than a flag) is what lets the operator
-- prove, purpose by purpose, that processing had consent when it happened (PIPL art. 14, GB/T 35273 §5.4).
create table core.consent_events (
  tenant_id uuid not null references core.tenants (id),
  id uuid not null,
  -- Opaque id of the person (e.g. a member id from a plugin); not a foreign key, subjects live in many modules.
  subject_id text not null check (length(subject_id) between 1 and 200),
  purpose text not null,
  decision text not null check (decision in ('granted', 'withdrawn')),
  -- When the subject decided; may be earlier than recorded_at for imported consents.
  decided_at timestamptz not null,
  -- How it was given: 'h5', 'mini-program', 'counter', 'pos', 'api', 'import', 'dsr' …
  channel text not null,
  -- Which part of the platform recorded it: 'core', 'plugin:membership' …
  source text,
  policy_version text not null,
  -- Who recorded it: 'subject' when the person acted, 'user:<id>' for staff, 'system:<what>'.
  recorded_by text not null,
  recorded_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
create index consent_events_latest on core.consent_events (tenant_id, subject_id, purpose, decided_at desc, id desc);
-- Append-only for the application: no delete, and the only update is the erasure of the subject reference
-- (see platform/privacy/consent-rights-handler.ts), so the proof of consent cannot be rewritten.
select core.protect_tenant_table('core.consent_events', false);
grant update (subject_id) on core.consent_events to district_app;
