/**
 * Wrapping a tenant key under a master key with AES-256-GCM rather than AES-KW: GCM takes associated data, and
 * binding the tenant id, purpose and version into it means a wrapped key copied into another tenant's row (or
 * relabelled as another version) fails to unwrap instead of silently becoming that tenant's key.
 */
import { concatBytes, randomBytes, utf8 } from "./bytes.ts";

export type TenantKeyPurpose = "encryption" | "lookup";

export interface TenantKeyLabel {
  tenantId: string;
  purpose: TenantKeyPurpose;
  version: number;
}

const IV_BYTES = 12;

function associatedData(label: TenantKeyLabel): Uint8Array<ArrayBuffer> {
  return utf8(`district/tenant-key/v1|${label.tenantId}|${label.purpose}|${label.version}`);
}

export class KeyUnwrapError extends Error {
  constructor(label: TenantKeyLabel, masterKeyId: string) {
    super(
      `tenant ${label.purpose} key v${label.version} does not unwrap with master key "${masterKeyId}": ` +
        "the row was altered, copied from another tenant, or the master key with that id changed",
    );
    this.name = "KeyUnwrapError";
  }
}

/** iv ‖ ciphertext ‖ tag */
export async function wrapKeyMaterial(
  masterKey: CryptoKey,
  material: Uint8Array<ArrayBuffer>,
  label: TenantKeyLabel,
): Promise<Uint8Array<ArrayBuffer>> {
  const iv = randomBytes(IV_BYTES);
  const sealed = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: associatedData(label) },
    masterKey,
    material,
  );
  return concatBytes(iv, new Uint8Array(sealed));
}

export async function unwrapKeyMaterial(
  masterKey: CryptoKey,
  masterKeyId: string,
  wrapped: Uint8Array,
  label: TenantKeyLabel,
): Promise<Uint8Array<ArrayBuffer>> {
  try {
    const material = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: wrapped.slice(0, IV_BYTES), additionalData: associatedData(label) },
      masterKey,
      wrapped.slice(IV_BYTES),
    );
    return new Uint8Array(material);
  } catch {
    throw new KeyUnwrapError(label, masterKeyId);
  }
}
