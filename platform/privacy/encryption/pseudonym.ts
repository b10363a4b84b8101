/**
 * Pseudonyms for analytics and data sharing: `p_` and 16 base32 characters (80 bits of HMAC-SHA256), the same
 * for the same subject within one tenant and scope, different across tenants and scopes, and not reversible
 * without the tenant's lookup secret. A scope ("analytics", "bureau-report") keeps datasets shared with
 * different parties from being joined on the pseudonym.
 */
import { toBase32, utf8 } from "./bytes.ts";

export const PSEUDONYM_INFO = "district/pseudonym/v1";
export const PSEUDONYM_PREFIX = "p_";
const PSEUDONYM_BYTES = 10;
const SCOPE = /^[a-z][a-z0-9-]{0,39}$/;

export class PseudonymError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PseudonymError";
  }
}

export async function computePseudonym(pseudonymKey: CryptoKey, subject: string, scope: string): Promise<string> {
  if (!SCOPE.test(scope)) {
    throw new PseudonymError(
      `pseudonym scope must be lower-case letters, digits and -, like "analytics" (got "${scope}")`,
    );
  }
  if (typeof subject !== "string" || subject === "") throw new PseudonymError("pseudonym subject is empty");
  const mac = await crypto.subtle.sign("HMAC", pseudonymKey, utf8(`${scope}\u0000${subject}`));
  return PSEUDONYM_PREFIX + toBase32(new Uint8Array(mac).subarray(0, PSEUDONYM_BYTES));
}
