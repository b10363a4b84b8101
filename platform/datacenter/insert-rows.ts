/**
 * Fast batch inserts for raw events: each column of the batch travels as one array parameter and the rows are
 * rebuilt by unnest() in one insert statement. Arrays of scalars cost PostgreSQL about half of what unpacking one
 * jsonb document of row objects costs (jsonb_to_recordset, the previous form), and the array literals are built
 * here, more cheaply than the driver's generic array serialisation.
 *
 * Events received before (or twice in the batch) are skipped and not reported as new. The common case is a batch
 * of new events with distinct ids: it is inserted plainly inside a savepoint, which skips the per-row speculative
 * insertion of `on conflict do nothing`. If that insert hits a unique violation (a resend, or a concurrent sender
 * of the same ids), the savepoint is rolled back and the batch goes through `on conflict do nothing returning
 * event_id`, which tells which events were new. Either way the outcome is the same rows and the same answer.
 */
import { sql } from "kysely";
import type { TenantTx } from "../db/tenant.ts";
import type { StoreContext } from "./event-type.ts";

/** A column of the raw table and its SQL type; rows hold its value under the column's name. */
export interface RowColumn {
  name: string;
  type: string;
}

const SAFE = /^[a-z_][a-z0-9_]*$/;
const SAFE_TYPE = /^[a-z0-9_ ]+$/;
const TABLE = /^[a-z_]+\.[a-z_]+$/;
/** Below this many rows the savepoint's two extra statements cost more than the speculative insertion saves. */
const OPTIMISTIC_MIN_ROWS = 100;
/** SQLSTATEs that `on conflict do nothing` (without a target) would have absorbed. */
const CONFLICTS = new Set(["23505", "23P01"]);
const NEEDS_ESCAPE = /["\\]/;

/**
 * One array element, quoted. Values are turned into text the way jsonb_to_recordset read them from the JSON of the
 * row before: strings as they are, numbers and booleans as their JSON text, objects (and anything bound for a json
 * or jsonb column) as JSON; null and undefined are SQL NULL.
 */
function element(value: unknown, json: boolean): string {
  if (value === null || value === undefined) return "NULL";
  let text: string;
  if (json) text = JSON.stringify(value);
  else if (typeof value === "string") text = value;
  else if (value instanceof Date) text = value.toISOString();
  else if (typeof value === "object") text = JSON.stringify(value);
  else text = String(value);
  return NEEDS_ESCAPE.test(text) ? `"${text.replace(/["\\]/g, "\\$&")}"` : `"${text}"`;
}

/** The values of one column as a PostgreSQL array literal (`{"a","b",NULL}`), sent as text and cast in SQL. */
function arrayLiteral(rows: readonly Record<string, unknown>[], name: string, type: string): string {
  const json = type === "json" || type === "jsonb";
  const parts = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) parts[i] = element(rows[i][name], json);
  return `{${parts.join(",")}}`;
}

export async function insertNewRows(
  tx: TenantTx,
  table: string,
  ctx: StoreContext,
  columns: readonly RowColumn[],
  rows: readonly Record<string, unknown>[],
): Promise<string[]> {
  if (rows.length === 0) return [];
  if (!TABLE.test(table)) throw new Error(`bad table name ${table}`);
  for (const c of columns) {
    if (!SAFE.test(c.name) || !SAFE_TYPE.test(c.type)) throw new Error(`bad column ${c.name} ${c.type}`);
  }
  const all = [{ name: "event_id", type: "text" }, ...columns];
  const names = all.map((c) => c.name).join(", ");
  const arrays = sql.join(all.map((c) => sql`${arrayLiteral(rows, c.name, c.type)}::${sql.raw(c.type)}[]`));
  const insert = sql`
    insert into ${sql.raw(table)} (tenant_id, scope_id, ${sql.raw(names)})
    select ${ctx.tenantId}::uuid, ${ctx.scopeId}::uuid, r.* from unnest(${arrays}) as r(${sql.raw(names)})
  `;
  const ids = rows.map((row) => String(row.event_id));
  if (rows.length >= OPTIMISTIC_MIN_ROWS && new Set(ids).size === ids.length) {
    await sql`savepoint insert_new_rows`.execute(tx);
    try {
      await insert.execute(tx);
      await sql`release savepoint insert_new_rows`.execute(tx);
      return ids;
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (typeof code !== "string" || !CONFLICTS.has(code)) throw error;
      await sql`rollback to savepoint insert_new_rows`.execute(tx);
    }
  }
  const result = await sql<{ event_id: string }>`${insert} on conflict do nothing returning event_id`.execute(tx);
  return result.rows.map((row) => row.event_id);
}
