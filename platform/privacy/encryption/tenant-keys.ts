/**
 * Tenant keys in core.tenant_keys: created on first use, unwrapped with the master key ring, cached in memory,
 * and rotated by adding a version. One store per process; `fieldCipher(tx)` inside withTenant gives that
 * tenant's FieldCipher.
 *
 * The cache is keyed by the wrapped bytes as read in the current transaction, so it never hands out a key the
 * transaction could not read itself: row-level security still decides which keys a tenant has, and a key row
 * deleted to crypto-shred a tenant stops working at once in every process.
 */
import { sql } from "kysely";
import type { TenantTx } from "../../db/tenant.ts";
import type { TenantKeysTable } from "../schema.ts";
import { BLIND_INDEX_INFO } from "./blind-index.ts";
import { randomBytes, toBase64, utf8 } from "./bytes.ts";
import { FieldCipher } from "./field-cipher.ts";
import { type TenantKeyLabel, type TenantKeyPurpose, unwrapKeyMaterial, wrapKeyMaterial } from "./key-wrap.ts";
import type { MasterKeyRing } from "./master-keys.ts";
import { PSEUDONYM_INFO } from "./pseudonym.ts";

const KEY_BYTES = 32;
const DEFAULT_MAX_CACHED = 10_000;

type KeyRow = Pick<TenantKeysTable, "tenant_id" | "purpose" | "version" | "master_key_id" | "wrapped_key">;
interface LookupKeys {
  indexKey: CryptoKey;
  pseudonymKey: CryptoKey;
}

export class TenantKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TenantKeyError";
  }
}

/** The tenant of the transaction; the key table is read for it alone, also if RLS were ever bypassed. */
async function currentTenant(tx: TenantTx): Promise<string> {
  const result = await sql<{ id: string | null }>`select core.current_tenant_id()::text as id`.execute(tx);
  const id = result.rows[0]?.id;
  if (!id) throw new TenantKeyError("tenant keys are only available inside withTenant");
  return id;
}

function readRows(tx: TenantTx, tenantId: string): Promise<KeyRow[]> {
  return tx.selectFrom("core.tenant_keys")
    .select(["tenant_id", "purpose", "version", "master_key_id", "wrapped_key"])
    .where("tenant_id", "=", tenantId)
    .orderBy("purpose").orderBy("version")
    .execute();
}

function deriveLookupKeys(secret: Uint8Array<ArrayBuffer>, tenantId: string): Promise<LookupKeys> {
  return crypto.subtle.importKey("raw", secret, "HKDF", false, ["deriveKey"]).then(async (root) => {
    const derive = (info: string) =>
      crypto.subtle.deriveKey(
        { name: "HKDF", hash: "SHA-256", salt: utf8(tenantId), info: utf8(info) },
        root,
        { name: "HMAC", hash: "SHA-256", length: 256 },
        false,
        ["sign"],
      );
    return { indexKey: await derive(BLIND_INDEX_INFO), pseudonymKey: await derive(PSEUDONYM_INFO) };
  });
}

export interface TenantKeyStoreOptions {
  /** Unwrapped keys kept in memory, across all tenants; the oldest used is dropped first. */
  maxCachedKeys?: number;
}

export class TenantKeyStore {
  readonly #masterKeys: MasterKeyRing;
  readonly #cache = new Map<string, Promise<unknown>>();
  readonly #maxCached: number;

  constructor(masterKeys: MasterKeyRing, options: TenantKeyStoreOptions = {}) {
    this.#masterKeys = masterKeys;
    this.#maxCached = options.maxCachedKeys ?? DEFAULT_MAX_CACHED;
  }

  /**
   * The transaction's tenant's cipher; makes the tenant's first keys if it has none yet. Generic over the
   * database type so a plugin can pass its own transaction; core.tenant_keys is there whatever the plugin sees.
   */
  async fieldCipher<DB>(pluginTx: TenantTx<DB>): Promise<FieldCipher> {
    const tx = pluginTx as unknown as TenantTx;
    const tenantId = await currentTenant(tx);
    const rows = await this.#ensureKeys(tx, tenantId);
    const dataRows = rows.filter((r) => r.purpose === "encryption");
    const lookupRow = rows.filter((r) => r.purpose === "lookup").at(-1)!;
    const dataKeys = new Map<number, CryptoKey>();
    for (const row of dataRows) dataKeys.set(row.version, await this.#dataKey(row));
    const lookup = await this.#lookupKeys(lookupRow);
    return new FieldCipher({
      tenantId,
      dataKeys,
      currentVersion: dataRows.at(-1)!.version,
      indexKey: lookup.indexKey,
      pseudonymKey: lookup.pseudonymKey,
    });
  }

  /**
   * Adds a data key version; FieldCiphers made after this transaction commits encrypt with it. Values written
   * earlier stay readable with their own version (FieldCipher.isStale/reencrypt let a job renew them).
   * Blind indexes and pseudonyms do not change: they come from the lookup secret, which this leaves alone.
   */
  async rotateDataKey<DB>(pluginTx: TenantTx<DB>): Promise<number> {
    const tx = pluginTx as unknown as TenantTx;
    const tenantId = await currentTenant(tx);
    const rows = await this.#ensureKeys(tx, tenantId);
    const version = Math.max(...rows.filter((r) => r.purpose === "encryption").map((r) => r.version)) + 1;
    await this.#insert(tx, { tenantId, purpose: "encryption", version });
    const after = await readRows(tx, tenantId);
    return Math.max(...after.filter((r) => r.purpose === "encryption").map((r) => r.version));
  }

  async #ensureKeys(tx: TenantTx, tenantId: string): Promise<KeyRow[]> {
    const rows = await readRows(tx, tenantId);
    const missing = (["encryption", "lookup"] as const).filter((p) => !rows.some((r) => r.purpose === p));
    if (missing.length === 0) return rows;
    for (const purpose of missing) await this.#insert(tx, { tenantId, purpose, version: 1 });
    return await readRows(tx, tenantId);
  }

  /** A new random key, wrapped; a concurrent transaction that inserted the same version first wins. */
  async #insert(tx: TenantTx, label: TenantKeyLabel): Promise<void> {
    const material = randomBytes(KEY_BYTES);
    const masterKeyId = this.#masterKeys.activeId;
    const wrapped = await wrapKeyMaterial(await this.#masterKeys.cryptoKey(masterKeyId), material, label);
    material.fill(0);
    await tx.insertInto("core.tenant_keys")
      .values({
        tenant_id: label.tenantId,
        purpose: label.purpose,
        version: label.version,
        master_key_id: masterKeyId,
        wrapped_key: wrapped,
      })
      .onConflict((oc) => oc.columns(["tenant_id", "purpose", "version"]).doNothing())
      .execute();
  }

  async #unwrap(row: KeyRow): Promise<Uint8Array<ArrayBuffer>> {
    const label = { tenantId: row.tenant_id, purpose: row.purpose as TenantKeyPurpose, version: row.version };
    const masterKey = await this.#masterKeys.cryptoKey(row.master_key_id);
    return await unwrapKeyMaterial(masterKey, row.master_key_id, row.wrapped_key, label);
  }

  #dataKey(row: KeyRow): Promise<CryptoKey> {
    return this.#cached(row, async () => {
      const material = await this.#unwrap(row);
      try {
        return await crypto.subtle.importKey("raw", material, "AES-GCM", false, ["encrypt", "decrypt"]);
      } finally {
        material.fill(0);
      }
    });
  }

  #lookupKeys(row: KeyRow): Promise<LookupKeys> {
    return this.#cached(row, async () => {
      const material = await this.#unwrap(row);
      try {
        return await deriveLookupKeys(material, row.tenant_id);
      } finally {
        material.fill(0);
      }
    });
  }

  #cached<T>(row: KeyRow, make: () => Promise<T>): Promise<T> {
    const id = `${row.tenant_id}|${row.purpose}|${row.version}|${row.master_key_id}|${toBase64(row.wrapped_key)}`;
    let entry = this.#cache.get(id) as Promise<T> | undefined;
    if (entry) {
      // Re-inserted so that Map order is least recently used first.
      this.#cache.delete(id);
    } else {
      entry = make();
      // A failed unwrap is not remembered: the next transaction tries again (e.g. after MASTER_KEYS is fixed).
      entry.catch(() => this.#cache.delete(id));
    }
    this.#cache.set(id, entry);
    while (this.#cache.size > this.#maxCached) this.#cache.delete(this.#cache.keys().next().value!);
    return entry;
  }
}
