/**
 * Publishing writes the event to the outbox in the caller's tenant transaction. Nothing is delivered until that
 * transaction commits, and nothing at all if it rolls back.
 */
import { sql, type Transaction } from "kysely";
import type { CoreDatabase } from "../db/schema.ts";
import { uuidv7 } from "../ids.ts";
import type { EventDefinition } from "./define.ts";

export class EventPayloadError extends Error {
  constructor(type: string, public readonly issues: { field: string; message: string }[]) {
    super(`event ${type}: invalid payload: ${issues.map((i) => `${i.field || "(payload)"} ${i.message}`).join("; ")}`);
    this.name = "EventPayloadError";
  }
}

export async function publishEvent<T>(
  tx: Transaction<CoreDatabase>,
  event: EventDefinition<T>,
  payload: T,
  actor: string,
): Promise<string> {
  const checked = event.schema.safeParse(payload);
  if (!checked.success) {
    throw new EventPayloadError(
      event.type,
      checked.error.issues.map((i) => ({ field: i.path.join("."), message: i.message })),
    );
  }
  const tenant = await sql<{ id: string | null }>`select core.current_tenant_id()::text as id`.execute(tx);
  const tenantId = tenant.rows[0]?.id;
  if (!tenantId) throw new Error(`event ${event.type} must be published inside withTenant`);
  const id = uuidv7();
  await tx.insertInto("core.event_outbox").values({
    tenant_id: tenantId,
    id,
    type: event.type,
    payload: JSON.stringify(checked.data),
    actor,
  }).execute();
  return id;
}
