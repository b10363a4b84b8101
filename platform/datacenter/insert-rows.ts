/**
 * Fast batch inserts for raw events: the whole batch travels as one JSON parameter, is unpacked by
 * jsonb_to_recordset and inserted by one statement. `on conflict do nothing returning event_id` tells which events
 * were new; the others were received before (or twice in the batch) and are skipped.
 */
import { sql } from "kysely";
import type { TenantTx } from "../db/tenant.ts";
import type { StoreContext } from "./event-type.ts";

/** A column of the raw table and its SQL type, as jsonb_to_recordset reads it from the row object's key. */
export interface RowColumn {
  name: string;
  type: string;
}

const SAFE = /^[a-z_][a-z0-9_]*$/;
const SAFE_TYPE = /^[a-z0-9_ ]+$/;
const TABLE = /^[a-z_]+\.[a-z_]+$/;

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
  const names = columns.map((c) => c.name).join(", ");
  const definitions = columns.map((c) => `${c.name} ${c.type}`).join(", ");
  const result = await sql<{ event_id: string }>`
    insert into ${sql.raw(table)} (tenant_id, scope_id, event_id, ${sql.raw(names)})
    select ${ctx.tenantId}::uuid, ${ctx.scopeId}::uuid, r.event_id, ${
    sql.raw(columns.map((c) => `r.${c.name}`).join(", "))
  }
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(event_id text, ${sql.raw(definitions)})
    on conflict do nothing
    returning event_id
  `.execute(tx);
  return result.rows.map((row) => row.event_id);
}
