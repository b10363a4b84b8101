import assert from "node:assert/strict";
import {
  DEV_SIGNING_KEY_FILE,
  generateSigningKey,
  loadOrCreateDevSigningKey,
  parsePublicKey,
  parseSigningKey,
  readDevSigningKey,
  SigningKeyError,
  toBase64,
} from "./signing-key.ts";
import { signingKeyFromConfig, verifyKeyFromConfig } from "./signing-key-config.ts";

async function signs(key: Awaited<ReturnType<typeof parseSigningKey>>): Promise<boolean> {
  const data = new TextEncoder().encode("审计");
  const signature = await crypto.subtle.sign({ name: "Ed25519" }, key.privateKey, data);
  return await crypto.subtle.verify({ name: "Ed25519" }, key.publicKey.key, signature, data);
}

Deno.test("a PKCS8 key parses from base64 or PEM, with the same key id and a working public half", async () => {
  const { key, pkcs8Base64 } = await generateSigningKey();
  const pem = `-----BEGIN PRIVATE KEY-----\n${pkcs8Base64}\n-----END PRIVATE KEY-----\n`;
  const fromPem = await parseSigningKey(pem);
  assert.equal(fromPem.keyId, key.keyId);
  assert.match(key.keyId, /^[0-9a-f]{16}$/);
  assert.equal(await signs(fromPem), true);
  // The private key is not extractable once parsed.
  await assert.rejects(crypto.subtle.exportKey("pkcs8", fromPem.privateKey));
  // The exported public key is 44 bytes of SPKI and reads back to the same id.
  assert.equal(atob(key.publicKey.spkiBase64).length, 44);
  assert.equal((await parsePublicKey(key.publicKey.spkiBase64)).keyId, key.keyId);
});

Deno.test("a bad key is refused without repeating it", async () => {
  const secret = toBase64(new TextEncoder().encode("not a key but secret-ish"));
  await assert.rejects(parseSigningKey(secret), (error) => {
    assert.ok(error instanceof SigningKeyError);
    assert.ok(!error.message.includes(secret));
    return true;
  });
  await assert.rejects(parsePublicKey("!!"), SigningKeyError);
});

Deno.test("the development key is made once, kept in the data folder, and shared by processes starting together", async () => {
  const dir = await Deno.makeTempDir();
  try {
    assert.equal(await readDevSigningKey(dir), undefined);
    const keys = await Promise.all([1, 2, 3, 4].map(() => loadOrCreateDevSigningKey(dir)));
    assert.equal(new Set(keys.map((k) => k.keyId)).size, 1);
    assert.equal((await readDevSigningKey(dir))?.keyId, keys[0].keyId);
    const files = [];
    for await (const entry of Deno.readDir(dir)) files.push(entry.name);
    assert.deepEqual(files, [DEV_SIGNING_KEY_FILE]);
    if (Deno.build.os !== "windows") {
      assert.equal((await Deno.stat(`${dir}/${DEV_SIGNING_KEY_FILE}`)).mode! & 0o077, 0);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the configured key wins; PostgreSQL without one is an error; the embedded set-up gets a dev key", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const { key, pkcs8Base64 } = await generateSigningKey();
    const postgres = { DATABASE_URL: "postgres://x@localhost:5432/db", DATA_DIR: dir };
    const embedded = { DATABASE_URL: undefined, DATA_DIR: dir };
    assert.equal((await signingKeyFromConfig(postgres, pkcs8Base64)).keyId, key.keyId);
    await assert.rejects(signingKeyFromConfig(postgres, undefined), /AUDIT_SIGNING_KEY must be set/);
    assert.equal(await verifyKeyFromConfig(postgres, undefined), undefined);
    // Verifying never creates a key.
    assert.equal(await verifyKeyFromConfig(embedded, undefined), undefined);
    const dev = await signingKeyFromConfig(embedded, "");
    assert.equal((await verifyKeyFromConfig(embedded, undefined))?.keyId, dev.keyId);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
