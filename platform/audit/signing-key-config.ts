/**
 * Where the running platform gets its audit signing key: the AUDIT_SIGNING_KEY setting when given; otherwise,
 * with the embedded database only, a development key kept in DATA_DIR. With PostgreSQL the key must be
 * configured, so that every worker signs with the same key and no key lives on one machine's disk by accident.
 */
import type { Config } from "../config.ts";
import {
  type AuditPublicKey,
  type AuditSigningKey,
  loadOrCreateDevSigningKey,
  parseSigningKey,
  readDevSigningKey,
  SigningKeyError,
} from "./signing-key.ts";

type DatabaseConfig = Pick<Config, "DATABASE_URL" | "DATA_DIR">;

/** `auditSigningKey` is the AUDIT_SIGNING_KEY value (not yet part of platform/config.ts). */
export async function signingKeyFromConfig(
  config: DatabaseConfig,
  auditSigningKey: string | undefined,
): Promise<AuditSigningKey> {
  if (auditSigningKey?.trim()) return await parseSigningKey(auditSigningKey);
  if (config.DATABASE_URL) {
    throw new SigningKeyError(
      "AUDIT_SIGNING_KEY must be set when DATABASE_URL is set (PKCS8 Ed25519, base64 or PEM; " +
        "`openssl genpkey -algorithm ed25519` makes one)",
    );
  }
  return await loadOrCreateDevSigningKey(config.DATA_DIR);
}

/**
 * The public key to check checkpoints with, for tools that only verify: never creates a key. Undefined when
 * no key is configured, and signatures then cannot be checked.
 */
export async function verifyKeyFromConfig(
  config: DatabaseConfig,
  auditSigningKey: string | undefined,
): Promise<AuditPublicKey | undefined> {
  if (auditSigningKey?.trim()) return (await parseSigningKey(auditSigningKey)).publicKey;
  if (config.DATABASE_URL) return undefined;
  return (await readDevSigningKey(config.DATA_DIR))?.publicKey;
}
