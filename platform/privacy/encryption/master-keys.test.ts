import assert from "node:assert/strict";
import { toBase64, toBase64Url } from "./bytes.ts";
import { generateMasterKeyEntry, MasterKeyError, parseMasterKeys } from "./master-keys.ts";

const KEY_A = toBase64(Uint8Array.from({ length: 32 }, (_, i) => i + 1));
const KEY_B = toBase64(Uint8Array.from({ length: 32 }, (_, i) => 200 - i));

Deno.test("the first key is active, the others stay for unwrapping", () => {
  const ring = parseMasterKeys(` k2:${KEY_B} , k1:${KEY_A} `);
  assert.equal(ring.activeId, "k2");
  assert.deepEqual(ring.ids, ["k2", "k1"]);
  assert.ok(ring.has("k1"));
  assert.ok(!ring.has("k3"));
  const urlSafe = parseMasterKeys(`2024-q3_main:${toBase64Url(Uint8Array.from({ length: 32 }, (_, i) => 255 - i))}`);
  assert.equal(urlSafe.activeId, "2024-q3_main");
});

Deno.test("a generated entry parses", () => {
  const entry = generateMasterKeyEntry("k9");
  assert.match(entry, /^k9:[A-Za-z0-9+/]{43}=$/);
  assert.equal(parseMasterKeys(entry).activeId, "k9");
  assert.throws(() => generateMasterKeyEntry("bad id"), /1–32 letters/);
});

Deno.test("bad MASTER_KEYS values are refused with a message that names the entry", () => {
  const cases: [string | undefined, RegExp][] = [
    [undefined, /MASTER_KEYS is empty; give at least one key as <id>:<base64 of 32 random bytes>/],
    ["  ", /MASTER_KEYS is empty/],
    [KEY_A, /MASTER_KEYS entry 1 must look like <id>:<base64/],
    [`k1:${KEY_A},${KEY_B}`, /MASTER_KEYS entry 2 must look like/],
    [`:${KEY_A}`, /entry 1: the key id must be 1–32 letters, digits, - or _ \(got ""\)/],
    [`key one:${KEY_A}`, /entry 1: the key id must be .* \(got "key one"\)/],
    [`k1:${KEY_A},k1:${KEY_B}`, /lists key id "k1" twice/],
    ["k1:not base64!", /key "k1" is not valid base64/],
    [`k1:${toBase64(new Uint8Array(16).map((_, i) => i))}`, /key "k1" must be 32 bytes \(256 bits\), got 16 bytes/],
    [`k1:${toBase64(new Uint8Array(32))}`, /key "k1" is one byte repeated, not a random key/],
  ];
  for (const [value, message] of cases) {
    assert.throws(() => parseMasterKeys(value), (error) => {
      assert.ok(error instanceof MasterKeyError);
      assert.match(error.message, message);
      // The key material never appears in a message that may be logged.
      assert.ok(!error.message.includes(KEY_A) && !error.message.includes(KEY_B), error.message);
      return true;
    });
  }
});

Deno.test("logging or inspecting a key ring shows ids only", () => {
  const ring = parseMasterKeys(`k2:${KEY_B},k1:${KEY_A}`);
  assert.equal(JSON.stringify(ring), '{"activeId":"k2","ids":["k2","k1"]}');
  const shown = Deno.inspect(ring, { depth: 10, showHidden: true });
  assert.ok(!shown.includes(KEY_A.slice(0, 10)) && !shown.includes(KEY_B.slice(0, 10)), shown);
  assert.match(shown, /k2/);
});

Deno.test("asking for a master key that is not listed says what to do", async () => {
  const ring = parseMasterKeys(`k2:${KEY_B}`);
  await assert.rejects(ring.cryptoKey("k1"), /master key "k1" is not in MASTER_KEYS; keep listing it/);
  const key = await ring.cryptoKey("k2");
  assert.equal(key.extractable, false);
  assert.equal(await ring.cryptoKey("k2"), key, "imported once");
});
