/**
 * One tenant's personal-information crypto for the length of a transaction: encrypt and decrypt fields,
 * compute blind indexes and pseudonyms. Made by TenantKeyStore.fieldCipher(tx) with the keys that tenant's
 * rows unwrap to; it holds no key of any other tenant, so it cannot open another tenant's values.
 */
import { normalise } from "../identifiers.ts";
import type { PiiType } from "../pii-types.ts";
import { computeBlindIndex } from "./blind-index.ts";
import { fromUtf8, randomBytes, utf8 } from "./bytes.ts";
import {
  CiphertextError,
  fieldAssociatedData,
  formatCiphertext,
  IV_BYTES,
  parseCiphertext,
} from "./ciphertext-format.ts";
import { computePseudonym } from "./pseudonym.ts";

export interface TenantKeys {
  tenantId: string;
  /** AES-256-GCM data keys by version. */
  dataKeys: ReadonlyMap<number, CryptoKey>;
  /** The newest data key version; every new value is encrypted with it. */
  currentVersion: number;
  indexKey: CryptoKey;
  pseudonymKey: CryptoKey;
}

export class FieldCipher {
  readonly #keys: TenantKeys;

  constructor(keys: TenantKeys) {
    this.#keys = keys;
  }

  get tenantId(): string {
    return this.#keys.tenantId;
  }

  get currentKeyVersion(): number {
    return this.#keys.currentVersion;
  }

  /** Validates and normalises the value (PiiValidationError if invalid), then encrypts it with the newest key. */
  async encrypt(type: PiiType, value: string): Promise<string> {
    const normal = normalise(type, value);
    const version = this.#keys.currentVersion;
    const iv = randomBytes(IV_BYTES);
    const sealed = await crypto.subtle.encrypt(
      { name: "AES-GCM", iv, additionalData: fieldAssociatedData(this.tenantId, type, version) },
      this.#keys.dataKeys.get(version)!,
      utf8(normal),
    );
    return formatCiphertext(type, version, iv, new Uint8Array(sealed));
  }

  /** The clear value; with `expectedType`, also refuses a ciphertext of another type (a value put in the wrong column). */
  async decrypt(ciphertext: string, expectedType?: PiiType): Promise<string> {
    const parsed = parseCiphertext(ciphertext);
    if (expectedType && parsed.type !== expectedType) {
      throw new CiphertextError(`encrypted value holds a ${parsed.type}, not a ${expectedType}`);
    }
    const key = this.#keys.dataKeys.get(parsed.keyVersion);
    if (!key) {
      throw new CiphertextError(
        `this tenant has no data key version ${parsed.keyVersion}: the value belongs to another tenant ` +
          "or its key was destroyed",
      );
    }
    try {
      const clear = await crypto.subtle.decrypt(
        {
          name: "AES-GCM",
          iv: parsed.iv,
          additionalData: fieldAssociatedData(this.tenantId, parsed.type, parsed.keyVersion),
        },
        key,
        parsed.sealed,
      );
      return fromUtf8(new Uint8Array(clear));
    } catch {
      throw new CiphertextError("encrypted value does not belong to this tenant or was altered");
    }
  }

  /** True when the value was written under an older data key and a re-encryption job should renew it. */
  isStale(ciphertext: string): boolean {
    return parseCiphertext(ciphertext).keyVersion < this.#keys.currentVersion;
  }

  /** The same value under the newest data key; for jobs that retire old key versions. */
  async reencrypt(ciphertext: string): Promise<string> {
    const { type } = parseCiphertext(ciphertext);
    return await this.encrypt(type, await this.decrypt(ciphertext));
  }

  /** Validates and normalises the value, then returns its blind index; see blind-index.ts. */
  async blindIndex(type: PiiType, value: string): Promise<string> {
    return await computeBlindIndex(this.#keys.indexKey, type, normalise(type, value));
  }

  /** A stable `p_…` pseudonym of a subject (a member id, a normalised value); see pseudonym.ts. */
  async pseudonym(subject: string, scope = "analytics"): Promise<string> {
    return await computePseudonym(this.#keys.pseudonymKey, subject, scope);
  }

  toJSON(): { tenantId: string; currentKeyVersion: number } {
    return { tenantId: this.tenantId, currentKeyVersion: this.currentKeyVersion };
  }
}
