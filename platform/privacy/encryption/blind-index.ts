/**
 * Blind indexes: HMAC-SHA256 of the normalised value under a per-tenant key, stored beside the ciphertext so a
 * member can be found by phone, or a car by plate, with an equality lookup and no clear value in the database.
 *
 * The key is derived (HKDF) from the tenant's lookup secret, a key kept apart from the data keys: rotating the
 * data key leaves every index valid, and rewrapping under a new master key changes only how the secret is
 * stored, not the secret. The type is part of the MAC input, so a phone number and a bank card with the same
 * digits do not share an index, and indexes of different tenants never match. Replacing the lookup secret
 * itself (a new "lookup" version) would change every index and pseudonym, so it is not part of key rotation;
 * it would need a job that recomputes the indexes from the decrypted values.
 */
import type { PiiType } from "../pii-types.ts";
import { toBase64Url, utf8 } from "./bytes.ts";

export const BLIND_INDEX_INFO = "district/blind-index/v1";

/** base64url of the 32-byte MAC: 43 characters. */
export async function computeBlindIndex(indexKey: CryptoKey, type: PiiType, normalised: string): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", indexKey, utf8(`${type}\u0000${normalised}`));
  return toBase64Url(new Uint8Array(mac));
}
