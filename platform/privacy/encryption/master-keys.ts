/**
 * Master keys come from configuration (`MASTER_KEYS="k2:<base64>,k1:<base64>"`) and never reach the database:
 * they wrap each tenant's keys, so a database dump alone decrypts nothing. The first key wraps new and rewrapped
 * tenant keys; the others stay listed only so keys wrapped earlier can still be unwrapped, until
 * `rewrapTenantKeys` has moved every tenant to the first one and the old key can be dropped from the list.
 */
import { fromBase64, randomBytes, toBase64 } from "./bytes.ts";

export const MASTER_KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const FORMAT = `<id>:<base64 of ${MASTER_KEY_BYTES} random bytes>`;

export class MasterKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MasterKeyError";
  }
}

/** The parsed key list. Key bytes live in private fields, so logging or inspecting the ring shows only ids. */
export class MasterKeyRing {
  readonly activeId: string;
  readonly ids: readonly string[];
  #bytes: Map<string, Uint8Array<ArrayBuffer>>;
  #imported = new Map<string, Promise<CryptoKey>>();

  constructor(keys: ReadonlyArray<{ id: string; bytes: Uint8Array<ArrayBuffer> }>) {
    if (keys.length === 0) throw new MasterKeyError("a master key ring needs at least one key");
    this.ids = Object.freeze(keys.map((k) => k.id));
    this.activeId = keys[0].id;
    this.#bytes = new Map(keys.map((k) => [k.id, k.bytes.slice()]));
  }

  has(id: string): boolean {
    return this.#bytes.has(id);
  }

  /** The key as a non-extractable AES-GCM key, imported once. */
  cryptoKey(id: string): Promise<CryptoKey> {
    let key = this.#imported.get(id);
    if (!key) {
      const bytes = this.#bytes.get(id);
      if (!bytes) {
        return Promise.reject(
          new MasterKeyError(
            `master key "${id}" is not in MASTER_KEYS; keep listing it until every tenant key wrapped with it ` +
              "has been rewrapped",
          ),
        );
      }
      key = crypto.subtle.importKey("raw", bytes, "AES-GCM", false, ["encrypt", "decrypt"]);
      this.#imported.set(id, key);
    }
    return key;
  }

  toJSON(): { activeId: string; ids: readonly string[] } {
    return { activeId: this.activeId, ids: this.ids };
  }

  [Symbol.for("Deno.customInspect")](): string {
    return `MasterKeyRing { activeId: ${JSON.stringify(this.activeId)}, ids: ${JSON.stringify(this.ids)} }`;
  }
}

/** Parses the MASTER_KEYS value. Messages name the entry and key id, never the key material. */
export function parseMasterKeys(value: string | undefined, name = "MASTER_KEYS"): MasterKeyRing {
  const text = (value ?? "").trim();
  if (text === "") throw new MasterKeyError(`${name} is empty; give at least one key as ${FORMAT}`);
  const keys: { id: string; bytes: Uint8Array<ArrayBuffer> }[] = [];
  for (const [index, rawEntry] of text.split(",").entries()) {
    const entry = rawEntry.trim();
    const colon = entry.indexOf(":");
    if (colon === -1) throw new MasterKeyError(`${name} entry ${index + 1} must look like ${FORMAT}`);
    const id = entry.slice(0, colon).trim();
    if (!KEY_ID.test(id)) {
      throw new MasterKeyError(
        `${name} entry ${index + 1}: the key id must be 1–32 letters, digits, - or _ (got ${JSON.stringify(id)})`,
      );
    }
    if (keys.some((k) => k.id === id)) throw new MasterKeyError(`${name} lists key id "${id}" twice`);
    const bytes = fromBase64(entry.slice(colon + 1).trim());
    if (!bytes) throw new MasterKeyError(`${name} key "${id}" is not valid base64`);
    if (bytes.length !== MASTER_KEY_BYTES) {
      throw new MasterKeyError(
        `${name} key "${id}" must be ${MASTER_KEY_BYTES} bytes (256 bits), got ${bytes.length} bytes`,
      );
    }
    if (bytes.every((b) => b === bytes[0])) {
      throw new MasterKeyError(`${name} key "${id}" is one byte repeated, not a random key`);
    }
    keys.push({ id, bytes });
  }
  return new MasterKeyRing(keys);
}

/** A new random entry for MASTER_KEYS, e.g. for a set-up script: `k3:<base64>`. */
export function generateMasterKeyEntry(id: string): string {
  if (!KEY_ID.test(id)) throw new MasterKeyError(`master key id must be 1–32 letters, digits, - or _ (got "${id}")`);
  return `${id}:${toBase64(randomBytes(MASTER_KEY_BYTES))}`;
}
