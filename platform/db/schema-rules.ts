/**
 * The rules every tenant-owned table must keep, read from the catalogue of the live database:
 * RLS enabled and forced with a policy on tenant_id, a primary key that starts with tenant_id (so the schema
 * can be distributed by tenant), and foreign keys between tenant tables that include tenant_id.
 */
import { type Kysely, sql } from "kysely";
import { APP_ROLE } from "./roles.ts";

interface TenantTable {
  table: string;
  oid: number;
  rls: boolean;
  forced: boolean;
  policies: string[];
  pk_first: string | null;
  owner: string;
}

export async function findSchemaViolations<DB>(
  db: Kysely<DB>,
): Promise<string[]> {
  const violations: string[] = [];
  const tables = await sql<TenantTable>`
    select format('%I.%I', n.nspname, c.relname) as table, c.oid::int as oid,
           c.relrowsecurity as rls, c.relforcerowsecurity as forced,
           coalesce((select array_agg(coalesce(pg_get_expr(p.polqual, p.polrelid), '') || ' | ' ||
                                      coalesce(pg_get_expr(p.polwithcheck, p.polrelid), ''))
                     from pg_policy p where p.polrelid = c.oid), '{}') as policies,
           (select a.attname from pg_constraint k
              join pg_attribute a on a.attrelid = k.conrelid and a.attnum = k.conkey[1]
             where k.conrelid = c.oid and k.contype = 'p') as pk_first,
           pg_get_userbyid(c.relowner) as owner
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
     where c.relkind in ('r', 'p')
       and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'
       and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id'
                   and not a.attisdropped)
     order by 1
  `.execute(db);
  const tenantTableOids = new Set(tables.rows.map((t) => t.oid));
  for (const t of tables.rows) {
    if (!t.rls) {
      violations.push(`${t.table}: row-level security is not enabled`);
    }
    if (!t.forced) {
      violations.push(`${t.table}: row-level security is not forced`);
    }
    if (
      !t.policies.some((p) => p.includes("tenant_id") && p.includes("current_tenant_id"))
    ) {
      violations.push(
        `${t.table}: no policy compares tenant_id with core.current_tenant_id()`,
      );
    }
    if (t.policies.some((p) => p.split(" | ")[0].trim() === "true")) {
      violations.push(`${t.table}: a policy lets every row through`);
    }
    if (t.pk_first !== "tenant_id") {
      violations.push(
        `${t.table}: primary key must start with tenant_id (starts with ${t.pk_first ?? "nothing"})`,
      );
    }
    if (t.owner === APP_ROLE) {
      violations.push(`${t.table}: owned by the application role`);
    }
  }
  const foreignKeys = await sql<
    {
      name: string;
      from_oid: number;
      to_oid: number;
      from_cols: string[];
      to_cols: string[];
      table: string;
    }
  >`
    select k.conname as name, k.conrelid::int as from_oid, k.confrelid::int as to_oid,
           format('%I.%I', n.nspname, c.relname) as table,
           array(select a.attname::text from unnest(k.conkey) with ordinality u(attnum, i)
                 join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.attnum order by u.i) as from_cols,
           array(select a.attname::text from unnest(k.confkey) with ordinality u(attnum, i)
                 join pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.attnum order by u.i) as to_cols
      from pg_constraint k
      join pg_class c on c.oid = k.conrelid
      join pg_namespace n on n.oid = c.relnamespace
     where k.contype = 'f'
  `.execute(db);
  for (const fk of foreignKeys.rows) {
    if (!tenantTableOids.has(fk.from_oid) || !tenantTableOids.has(fk.to_oid)) {
      continue;
    }
    const at = fk.from_cols.indexOf("tenant_id");
    if (at === -1 || fk.to_cols[at] !== "tenant_id") {
      violations.push(
        `${fk.table}: foreign key ${fk.name} between tenant tables must include tenant_id`,
      );
    }
  }
  const role = await sql<{ rolsuper: boolean; rolbypassrls: boolean }>`
    select rolsuper, rolbypassrls from pg_roles where rolname = ${APP_ROLE}
  `.execute(db);
  if (role.rows[0]?.rolsuper) violations.push(`${APP_ROLE} is a superuser`);
  if (role.rows[0]?.rolbypassrls) {
    violations.push(`${APP_ROLE} bypasses row-level security`);
  }
  return violations;
}
