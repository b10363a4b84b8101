/**
 * The stored form of an encrypted field: `pii1.<type>.<key version>.<base64url(iv ‖ ciphertext ‖ tag)>`.
 * Text, so it fits any text column and survives JSON; self-describing, so a value written before a key
 * rotation names the key version that opens it, and the format itself can change later under a new prefix.
 */
import { isPiiType, type PiiType } from "../pii-types.ts";
import { fromBase64, toBase64Url, utf8 } from "./bytes.ts";

export const CIPHERTEXT_PREFIX = "pii1";
export const IV_BYTES = 12;
const TAG_BYTES = 16;
const PATTERN = /^pii1\.([A-Za-z]+)\.([1-9][0-9]{0,8})\.([A-Za-z0-9_-]+)$/;

export interface ParsedCiphertext {
  type: PiiType;
  keyVersion: number;
  iv: Uint8Array<ArrayBuffer>;
  sealed: Uint8Array<ArrayBuffer>;
}

export class CiphertextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CiphertextError";
  }
}

export function formatCiphertext(type: PiiType, keyVersion: number, iv: Uint8Array, sealed: Uint8Array): string {
  const body = new Uint8Array(iv.length + sealed.length);
  body.set(iv);
  body.set(sealed, iv.length);
  return `${CIPHERTEXT_PREFIX}.${type}.${keyVersion}.${toBase64Url(body)}`;
}

/** Messages describe the problem, never the value: it may be a clear value stored by mistake. */
export function parseCiphertext(text: unknown): ParsedCiphertext {
  const match = typeof text === "string" ? PATTERN.exec(text) : null;
  if (!match) {
    throw new CiphertextError(
      `not an encrypted field value (expected ${CIPHERTEXT_PREFIX}.<type>.<key version>.<data>)`,
    );
  }
  const [, type, version, body] = match;
  if (!isPiiType(type)) throw new CiphertextError(`encrypted field value names an unknown type "${type}"`);
  const bytes = fromBase64(body);
  if (!bytes || bytes.length < IV_BYTES + TAG_BYTES + 1) {
    throw new CiphertextError("encrypted field value is truncated or damaged");
  }
  return { type, keyVersion: Number(version), iv: bytes.slice(0, IV_BYTES), sealed: bytes.slice(IV_BYTES) };
}

/** Binds a ciphertext to its tenant, type and key version: moved anywhere else, it no longer decrypts. */
export function fieldAssociatedData(tenantId: string, type: PiiType, keyVersion: number): Uint8Array<ArrayBuffer> {
  return utf8(`${CIPHERTEXT_PREFIX}|${tenantId}|${type}|${keyVersion}`);
}
