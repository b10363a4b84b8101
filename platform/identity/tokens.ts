/** Random secrets and their hashes: only hashes of session tokens, invitation tokens and API keys are stored. */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function uuidToBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replaceAll("-", ""), "hex");
}

function bytesToUuid(bytes: Buffer): string {
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * A token that names its tenant and record: `<prefix>_<base64url(tenant id, record id)>_<secret>`. Checking it
 * needs no lookup across tenants: the tenant and the row are in the token, the secret is compared to a hash.
 */
export function makeScopedToken(prefix: string, tenantId: string, recordId: string): { token: string; secret: string } {
  const secret = randomToken(24);
  const ids = Buffer.concat([uuidToBytes(tenantId), uuidToBytes(recordId)]).toString("base64url");
  return { token: `${prefix}_${ids}_${secret}`, secret };
}

export function parseScopedToken(
  prefix: string,
  token: string,
): { tenantId: string; recordId: string; secret: string } | undefined {
  const match = new RegExp(`^${prefix}_([A-Za-z0-9_-]{43})_([A-Za-z0-9_-]{32})$`).exec(token);
  if (!match) return undefined;
  const ids = Buffer.from(match[1], "base64url");
  if (ids.length !== 32) return undefined;
  return { tenantId: bytesToUuid(ids.subarray(0, 16)), recordId: bytesToUuid(ids.subarray(16)), secret: match[2] };
}
