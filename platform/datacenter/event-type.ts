/**
 * Ingestion event types: what `POST /api/v1/events` accepts. A type is a zod schema of its fields (the envelope's
 * `type` and `id` are added by the registry), how it relates to a store, how a batch of it is stored, and how its
 * raw rows roll up into hourly buckets. The core registers footfall, sale, parking and sensor; plugins add theirs in
 * their manifest (`ingestTypes`, named "<plugin id>-<what>"), accepted only from districts that enabled the plugin.
 */
import type { z } from "zod";
import type { TenantTx } from "../db/tenant.ts";
import type { FieldCipher } from "../privacy/encryption/field-cipher.ts";

/** How events of a type relate to stores, which decides what a store-scoped sender may send. */
export type StoreBinding =
  /** Every event names its store (`storeId`); a store-scoped sender may only name its own. */
  | "required"
  /** `storeId` is optional; a store-scoped sender's events are its own store's whether named or not. */
  | "optional"
  /** District equipment (gates, sensors): store-scoped senders may not send these. */
  | "none";

/** Where a batch is stored. */
export interface StoreContext {
  tenantId: string;
  /** Idempotency scope: the store of a store-scoped sender, else the district (the tenant id). */
  scopeId: string;
  /** Who sent the batch ("user:<id>", "key:<id>"), for the events a type publishes. */
  actor: string;
  /** The district's field cipher, opened on first use. */
  cipher(): Promise<FieldCipher>;
}

/** A validated event: the envelope's id plus the type's fields. */
export type IngestEvent<T> = T & { id: string };

/** Raw rows written by transactions with ids in [from, to) are rolled up. */
export interface TxRange {
  from: string;
  to: string;
}

export interface IngestEventType<T extends Record<string, unknown> = Record<string, unknown>> {
  /** Lower-case name in the envelope's `type`, e.g. "sale". */
  type: string;
  description: { zh: string; en: string };
  /** The event's fields, without `type` and `id`. */
  fields: z.ZodObject<z.ZodRawShape, z.core.$strict>;
  store: StoreBinding;
  /** Stores a batch of this type's events; returns the ids that were new (duplicates are skipped). */
  insert(tx: TenantTx, ctx: StoreContext, events: IngestEvent<T>[]): Promise<string[]>;
  /** Recomputes the hourly rollup buckets that rows in `range` fall into; returns those buckets' starts. */
  rollupHourly(tx: TenantTx, tenantId: string, range: TxRange): Promise<Date[]>;
}

const TYPE_NAME = /^[a-z][a-z0-9-]{1,31}$/;

export class IngestRegistry {
  readonly #types = new Map<string, IngestEventType>();
  readonly #owners = new Map<string, string>();

  constructor(types: readonly IngestEventType[] = []) {
    for (const type of types) this.register(type);
  }

  /** `pluginId`: the plugin that brought the type; its events are refused where that plugin is not enabled. */
  register<T extends Record<string, unknown>>(type: IngestEventType<T>, pluginId?: string): this {
    if (!TYPE_NAME.test(type.type)) throw new Error(`event type "${type.type}" must be lower-case, like "sale"`);
    if (this.#types.get(type.type) === (type as unknown)) return this;
    if (this.#types.has(type.type)) throw new Error(`event type "${type.type}" is registered twice`);
    if (pluginId !== undefined && !type.type.startsWith(`${pluginId}-`)) {
      throw new Error(`plugin ${pluginId}: event type "${type.type}" must start with "${pluginId}-"`);
    }
    for (const reserved of ["type", "id"]) {
      if (reserved in type.fields.shape) throw new Error(`event type "${type.type}" may not define "${reserved}"`);
    }
    this.#types.set(type.type, type as unknown as IngestEventType);
    if (pluginId !== undefined) this.#owners.set(type.type, pluginId);
    return this;
  }

  /** The plugin that brought the type; undefined for the core's. */
  ownerOf(type: string): string | undefined {
    return this.#owners.get(type);
  }

  get(type: string): IngestEventType | undefined {
    return this.#types.get(type);
  }

  all(): IngestEventType[] {
    return [...this.#types.values()];
  }
}
