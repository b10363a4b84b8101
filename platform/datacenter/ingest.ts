/**
 * Stores a validated batch: all or nothing. Store-scoped senders are held to their store first (403 naming each
 * refused event); then, in one tenant transaction, the stores named must exist in the district (422 otherwise)
 * and every type's events are inserted with one statement each. Events received before — same district, sender
 * scope, type and id — are skipped and reported as duplicates.
 */
import type { Kysely } from "kysely";
import type { CoreDatabase } from "../db/schema.ts";
import { type TenantTx, withTenant } from "../db/tenant.ts";
import { ProblemError } from "../http/problem.ts";
import type { Principal } from "../identity/principal.ts";
import type { FieldCipher } from "../privacy/encryption/field-cipher.ts";
import type { TenantKeyStore } from "../privacy/encryption/tenant-keys.ts";
import type { BatchEvent, EventProblem } from "./batch.ts";
import type { IngestRegistry } from "./event-type.ts";
import { refuseDisabledPluginTypes } from "./plugin-type-guard.ts";
import { refuseExpiredEvents } from "./retention-guard.ts";

export interface IngestResult {
  /** Events stored now. */
  accepted: number;
  /** Ids of events received before (or repeated in this batch), in batch order; nothing was changed for them. */
  duplicates: string[];
}

function problem(index: number, field: string, message: string): EventProblem {
  return { index, field: `events.${index}.${field}`, message };
}

/** Holds a store-scoped sender to its store; fills in its store where the type's storeId is optional. */
export function applyStoreScope(
  registry: IngestRegistry,
  events: BatchEvent[],
  organisationId: string | undefined,
): BatchEvent[] {
  if (!organisationId) return events;
  const refused: EventProblem[] = [];
  const scoped = events.map((event, index) => {
    const binding = registry.get(event.type)!.store;
    if (binding === "none") {
      refused.push(problem(index, "type", `a store's sender may not send ${event.type} events`));
      return event;
    }
    if (event.storeId === undefined && binding === "optional") return { ...event, storeId: organisationId };
    if (event.storeId !== organisationId) {
      refused.push(problem(index, "storeId", "a store's sender may only send events of its own store"));
    }
    return event;
  });
  if (refused.length) {
    throw new ProblemError(403, "The batch has events this sender may not send; nothing was stored.", refused);
  }
  return scoped;
}

export async function ingestBatch(
  db: Kysely<CoreDatabase>,
  keys: TenantKeyStore,
  registry: IngestRegistry,
  principal: Principal & { tenantId: string },
  batch: BatchEvent[],
): Promise<IngestResult> {
  const events = applyStoreScope(registry, batch, principal.organisationId);
  const tenantId = principal.tenantId;
  const byType = new Map<string, BatchEvent[]>();
  for (const event of events) {
    const group = byType.get(event.type);
    if (group) group.push(event);
    else byType.set(event.type, [event]);
  }
  const inserted = await withTenant(db, tenantId, async (tx) => {
    await refuseDisabledPluginTypes(tx, registry, events);
    await refuseExpiredEvents(tx, events);
    await requireKnownStores(tx, events);
    let cipher: Promise<FieldCipher> | undefined;
    const ctx = {
      tenantId,
      scopeId: principal.organisationId ?? tenantId,
      actor: principal.actor,
      cipher: () => cipher ??= keys.fieldCipher(tx),
    };
    const fresh = new Map<string, Set<string>>();
    for (const [type, group] of byType) {
      fresh.set(type, new Set(await registry.get(type)!.insert(tx, ctx, group)));
    }
    return fresh;
  });
  let accepted = 0;
  const duplicates: string[] = [];
  for (const event of events) {
    // The first of two events with the same id in one batch is stored, the second is a duplicate.
    if (inserted.get(event.type)!.delete(event.id)) accepted++;
    else duplicates.push(event.id);
  }
  return { accepted, duplicates };
}

async function requireKnownStores(tx: TenantTx, events: BatchEvent[]): Promise<void> {
  const named = new Set<string>();
  for (const event of events) if (typeof event.storeId === "string") named.add(event.storeId);
  if (named.size === 0) return;
  const found = await tx.selectFrom("core.organisations").select("id")
    .where("kind", "=", "store").where("id", "in", [...named]).execute();
  const known = new Set(found.map((row) => row.id));
  const unknown: EventProblem[] = [];
  events.forEach((event, index) => {
    if (typeof event.storeId === "string" && !known.has(event.storeId)) {
      unknown.push(problem(index, "storeId", "no such store in this district"));
    }
  });
  if (unknown.length) throw new ProblemError(422, "The batch has invalid events; nothing was stored.", unknown);
}
