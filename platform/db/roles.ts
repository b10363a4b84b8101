/**
 * The three database roles. The names are also written in migrations/0001 and in the RLS helper function, so
 * they are constants rather than configuration.
 * - owner: owns every schema and table; migrations run as it.
 * - app: what requests run as; not superuser, not owner, NOBYPASSRLS, so row-level security always applies.
 * - platform: cross-tenant work (platform admin, bureau aggregates), BYPASSRLS, reached only via withPlatform.
 * - auth: sign-in and session checks; BYPASSRLS but granted only the identity tables.
 */
export const OWNER_ROLE = "district_owner";
export const APP_ROLE = "district_app";
export const PLATFORM_ROLE = "district_platform";
/** Sign-in and session checks: reaches the identity tables only (accounts, sessions …), across tenants. */
export const AUTH_ROLE = "district_auth";

/**
 * Creates the roles when missing and lets the owner create schemas. Runs as the connecting user, which must be
 * allowed to create roles the first time (a superuser, or a user with CREATEROLE); later starts only check.
 */
export const BOOTSTRAP_ROLES_SQL = `
do $bootstrap$
begin
  if not exists (select from pg_roles where rolname = '${OWNER_ROLE}') then
    create role ${OWNER_ROLE} nologin;
  end if;
  if not exists (select from pg_roles where rolname = '${APP_ROLE}') then
    create role ${APP_ROLE} nologin nosuperuser nobypassrls;
  end if;
  if not exists (select from pg_roles where rolname = '${PLATFORM_ROLE}') then
    create role ${PLATFORM_ROLE} nologin nosuperuser bypassrls;
  end if;
  if not exists (select from pg_roles where rolname = '${AUTH_ROLE}') then
    create role ${AUTH_ROLE} nologin nosuperuser bypassrls;
  end if;
exception
  -- Two processes bootstrapping one server at once: the other one created the role first.
  when duplicate_object or unique_violation then null;
end
$bootstrap$;
do $grants$
begin
  if not (select rolsuper from pg_roles where rolname = session_user) then
    execute format('grant ${OWNER_ROLE}, ${APP_ROLE}, ${PLATFORM_ROLE}, ${AUTH_ROLE} to %I', session_user);
  end if;
  execute format('grant create, connect on database %I to ${OWNER_ROLE}', current_database());
end
$grants$`;
