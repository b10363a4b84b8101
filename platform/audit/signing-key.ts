/**
 * The platform's Ed25519 key that signs audit checkpoints (WebCrypto). In production the private key comes from
 * the AUDIT_SIGNING_KEY setting (PKCS8, base64 or PEM, e.g. from `openssl genpkey -algorithm ed25519`); for
 * development one is made once and kept in the embedded data folder. The public key is exported as base64 SPKI
 * so an auditor or a commerce bureau can check checkpoints without any access to the platform.
 */
import { sha256Hex } from "./canonical.ts";

const ED25519 = { name: "Ed25519" } as const;

export interface AuditPublicKey {
  /** First 16 hex digits of the SHA-256 of the SPKI encoding; stored with each checkpoint. */
  keyId: string;
  key: CryptoKey;
  /** Base64 SPKI (DER), the form to hand to auditors. */
  spkiBase64: string;
}

export interface AuditSigningKey {
  keyId: string;
  privateKey: CryptoKey;
  publicKey: AuditPublicKey;
}

export class SigningKeyError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "SigningKeyError";
  }
}

/** The file, inside the embedded data folder, that holds the development key (PKCS8, base64). */
export const DEV_SIGNING_KEY_FILE = "audit-signing-key.pkcs8.b64";

export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** Accepts bare base64 or PEM armour; whitespace is ignored. */
function derFromText(value: string): Uint8Array<ArrayBuffer> {
  const body = value.replace(/-----(BEGIN|END) [A-Z ]+-----/g, "").replace(/\s+/g, "");
  return fromBase64(body);
}

export async function parsePublicKey(value: string): Promise<AuditPublicKey> {
  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey("spki", derFromText(value), ED25519, true, ["verify"]);
  } catch (error) {
    throw new SigningKeyError("not a base64 SPKI Ed25519 public key", { cause: error });
  }
  const spki = new Uint8Array(await crypto.subtle.exportKey("spki", key));
  return { keyId: (await sha256Hex(spki)).slice(0, 16), key, spkiBase64: toBase64(spki) };
}

/** Reads a PKCS8 private key (base64 or PEM); the message never repeats the value. */
export async function parseSigningKey(value: string): Promise<AuditSigningKey> {
  let jwk: JsonWebKey;
  let privateKey: CryptoKey;
  try {
    const der = derFromText(value);
    // Imported once extractable, only to derive the public half; the key kept is not extractable.
    const extractable = await crypto.subtle.importKey("pkcs8", der, ED25519, true, ["sign"]);
    jwk = await crypto.subtle.exportKey("jwk", extractable);
    privateKey = await crypto.subtle.importKey("pkcs8", der, ED25519, false, ["sign"]);
  } catch (error) {
    throw new SigningKeyError("the audit signing key is not a base64 PKCS8 Ed25519 private key", { cause: error });
  }
  const publicCrypto = await crypto.subtle.importKey(
    "jwk",
    { kty: "OKP", crv: "Ed25519", x: jwk.x },
    ED25519,
    true,
    ["verify"],
  );
  const spki = new Uint8Array(await crypto.subtle.exportKey("spki", publicCrypto));
  const publicKey = await parsePublicKey(toBase64(spki));
  return { keyId: publicKey.keyId, privateKey, publicKey };
}

/** A new key and its PKCS8 base64 text (the form AUDIT_SIGNING_KEY takes). */
export async function generateSigningKey(): Promise<{ key: AuditSigningKey; pkcs8Base64: string }> {
  const pair = await crypto.subtle.generateKey(ED25519, true, ["sign", "verify"]) as CryptoKeyPair;
  const pkcs8Base64 = toBase64(new Uint8Array(await crypto.subtle.exportKey("pkcs8", pair.privateKey)));
  return { key: await parseSigningKey(pkcs8Base64), pkcs8Base64 };
}

/** The development key in `dataDir`, or undefined when none was made yet. */
export async function readDevSigningKey(dataDir: string): Promise<AuditSigningKey | undefined> {
  try {
    return await parseSigningKey(await Deno.readTextFile(`${dataDir}/${DEV_SIGNING_KEY_FILE}`));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

/**
 * The development key in `dataDir`, made on first use. Written to a temporary file and hard-linked into place,
 * so two processes starting together agree on one key and neither reads half a file.
 */
export async function loadOrCreateDevSigningKey(dataDir: string): Promise<AuditSigningKey> {
  const existing = await readDevSigningKey(dataDir);
  if (existing) return existing;
  await Deno.mkdir(dataDir, { recursive: true });
  const { pkcs8Base64 } = await generateSigningKey();
  const partial = `${dataDir}/${DEV_SIGNING_KEY_FILE}.${crypto.randomUUID()}.partial`;
  await Deno.writeTextFile(partial, `${pkcs8Base64}\n`, { mode: 0o600 });
  try {
    await Deno.link(partial, `${dataDir}/${DEV_SIGNING_KEY_FILE}`);
  } catch (error) {
    if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
  } finally {
    await Deno.remove(partial);
  }
  return (await readDevSigningKey(dataDir))!;
}
