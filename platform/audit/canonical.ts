/**
 * The canonical encoding of audit entries and the hash over it. This text is what lets history be verified
 * years later, so it is defined exactly here and pinned by a known-answer test: changing it breaks every
 * stored chain.
 *
 * Canonical JSON: no whitespace; object keys sorted by UTF-16 code units (JavaScript's default sort) at every
 * depth; strings, numbers, booleans and null written as JSON.stringify writes them; keys whose value is
 * undefined left out (as JSON does). An entry is encoded as the object
 *   { action, actor, at, details, prev, seq, target, tenant }
 * where `at` is ISO 8601 UTC with milliseconds ("2025-01-01T00:00:00.000Z"), `seq` a JSON number, `target`
 * null when absent, `tenant` the tenant's lower-case UUID or null on the platform chain, and `prev` the previous
 * entry's hash (GENESIS_HASH for seq 1). hash = lower-case hex SHA-256 of the UTF-8 bytes of that text.
 */

/** The `prev` of every chain's first entry. */
export const GENESIS_HASH = "0".repeat(64);

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === "boolean" || typeof value === "string") {
    return JSON.stringify(value);
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value)) {
      throw new TypeError(`canonical JSON has no encoding for ${value}`);
    }
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => item === undefined ? "null" : canonicalJson(item)).join(",")}]`;
  }
  if (typeof value === "object") {
    const record = value as Record<string, unknown>;
    const fields = Object.keys(record).sort()
      .filter((key) => record[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
    return `{${fields.join(",")}}`;
  }
  throw new TypeError(`canonical JSON has no encoding for a ${typeof value}`);
}

/**
 * Details as they will read back from jsonb: a JSON round trip applies toJSON (dates become strings) and drops
 * undefined, so the hash is computed over exactly what is stored.
 */
export function normaliseDetails(details: Record<string, unknown> | undefined): Record<string, unknown> {
  if (details === undefined) return {};
  const copy = JSON.parse(JSON.stringify(details));
  if (copy === null || typeof copy !== "object" || Array.isArray(copy)) {
    throw new TypeError("audit details must be a JSON object");
  }
  return copy;
}

/** The fields an entry's hash covers. */
export interface HashedEntry {
  tenantId: string | null;
  seq: number;
  at: Date;
  actor: string;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  prevHash: string;
}

export function entryText(entry: HashedEntry): string {
  return canonicalJson({
    action: entry.action,
    actor: entry.actor,
    at: entry.at.toISOString(),
    details: entry.details,
    prev: entry.prevHash,
    seq: entry.seq,
    target: entry.target,
    tenant: entry.tenantId,
  });
}

/** Lower-case hex SHA-256 of bytes, or of a string's UTF-8 bytes. */
export async function sha256Hex(data: string | Uint8Array<ArrayBuffer>): Promise<string> {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

export function entryHash(entry: HashedEntry): Promise<string> {
  return sha256Hex(entryText(entry));
}
