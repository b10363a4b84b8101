-- Per-district privacy settings. For now: how personal information is masked on screen. The column holds what the
-- district chose, as given (checked by parseMaskConfig in platform/privacy/mask-settings.ts); settings it does not
-- name follow the platform's defaults. No row means every default applies.
create table core.tenant_privacy_settings (
  tenant_id uuid not null references core.tenants (id),
  mask_config jsonb not null default '{}'::jsonb check (jsonb_typeof(mask_config) = 'object'),
  updated_by text not null,
  updated_at timestamptz not null default now(),
  primary key (tenant_id)
);
select core.protect_tenant_table('core.tenant_privacy_settings');
