/**
 * One batch of retention work on one data class, in the caller's tenant transaction: delete, or anonymise, up
 * to `limit` rows older than the cutoff. Rows are picked by primary key, not ctid, so the same statement works
 * on a table distributed by tenant (Citus). Row-level security already limits it to the tenant; the explicit
 * tenant_id condition lets the (tenant_id, …) indexes do the work.
 */
import { type RawBuilder, sql } from "kysely";
import type { TenantTx } from "../db/tenant.ts";
import type { AnonymiseSetList, RetentionDataClass } from "./retention-classes.ts";

/** False when the class's table is not there (a plugin registered it but its migrations have not run yet). */
export async function retentionTableExists(tx: TenantTx, table: string): Promise<boolean> {
  const { rows } = await sql<{ found: boolean }>`select to_regclass(${table}) is not null as found`.execute(tx);
  return rows[0].found;
}

export async function primaryKeyColumns(tx: TenantTx, table: string): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select a.attname::text as name
      from pg_index i
      cross join lateral unnest(i.indkey::int2[]) with ordinality as k(attnum, ord)
      join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
     where i.indrelid = to_regclass(${table}) and i.indisprimary
     order by k.ord`.execute(tx);
  if (rows.length === 0) throw new Error(`retention: table ${table} has no primary key to select batches by`);
  return rows.map((r) => r.name);
}

/** Changes at most `limit` rows; a result below `limit` means nothing is left to do for this cutoff. */
export async function sweepBatch(
  tx: TenantTx,
  dataClass: RetentionDataClass,
  keys: string[],
  cutoff: Date,
  limit: number,
): Promise<number> {
  if (dataClass.action === "anonymise" && typeof dataClass.anonymise === "function") {
    return await dataClass.anonymise(tx, { cutoff, limit });
  }
  if (dataClass.action === "delete" && dataClass.expire) return await dataClass.expire(tx, { cutoff, limit });
  const table = sql.table(dataClass.table);
  const key = sql.join(keys.map((k) => sql.ref(k)));
  const expired = sql`tenant_id = (select core.current_tenant_id())
    and ${sql.ref(dataClass.timeColumn)} < ${cutoff.toISOString()}::timestamptz`;
  let change: RawBuilder<unknown>;
  if (dataClass.action === "delete") {
    change = sql`delete from ${table} where (${key}) in (
      select ${key} from ${table} where ${expired} limit ${limit})`;
  } else {
    const set = dataClass.anonymise as AnonymiseSetList;
    const columns = Object.entries(set);
    const assignments = sql.join(columns.map(([c, v]) => sql`${sql.ref(c)} = ${v}`));
    // Rows whose columns already hold the anonymised values are done; skipping them makes re-runs a no-op.
    const pending = sql.join(columns.map(([c, v]) => sql`${sql.ref(c)} is distinct from ${v}`), sql` or `);
    change = sql`update ${table} set ${assignments} where (${key}) in (
      select ${key} from ${table} where ${expired} and (${pending}) limit ${limit})`;
  }
  const { rows } = await sql<{ n: number }>`
    with changed as (${change} returning 1) select count(*)::int as n from changed`.execute(tx);
  return rows[0].n;
}
