import assert from "node:assert/strict";
import { join } from "node:path";
import { utf8 } from "./bytes.ts";
import { DEV_MASTER_KEY_FILE, loadMasterKeys, loadOrCreateDevMasterKeys } from "./dev-master-keys.ts";
import { unwrapKeyMaterial, wrapKeyMaterial } from "./key-wrap.ts";
import { generateMasterKeyEntry, type MasterKeyRing } from "./master-keys.ts";

const LABEL = { tenantId: "0190a0c4-0000-7000-8000-000000000001", purpose: "encryption" as const, version: 1 };

async function sameKey(a: MasterKeyRing, b: MasterKeyRing): Promise<boolean> {
  const wrapped = await wrapKeyMaterial(await a.cryptoKey(a.activeId), utf8("x".repeat(32)), LABEL);
  try {
    await unwrapKeyMaterial(await b.cryptoKey(b.activeId), b.activeId, wrapped, LABEL);
    return true;
  } catch {
    return false;
  }
}

Deno.test("development keys are made once, kept private in the data folder, and reused", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const dataDir = join(dir, "nested", ".data");
    const first = await loadOrCreateDevMasterKeys(dataDir);
    const file = join(dataDir, DEV_MASTER_KEY_FILE);
    assert.equal((await Deno.stat(file)).mode! & 0o777, 0o600);
    assert.match(await Deno.readTextFile(file), /^dev1:[A-Za-z0-9+/]{43}=\n$/);
    const second = await loadOrCreateDevMasterKeys(dataDir);
    assert.ok(await sameKey(first, second), "the second start uses the key of the first");
    assert.deepEqual([...Deno.readDirSync(dataDir)].map((e) => e.name), [DEV_MASTER_KEY_FILE]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("processes starting together agree on one development key", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const rings = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateDevMasterKeys(dir)));
    for (const ring of rings.slice(1)) assert.ok(await sameKey(rings[0], ring));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a damaged development key file is reported, not replaced", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(dir, DEV_MASTER_KEY_FILE), "dev1:c2hvcnQ=\n");
    await assert.rejects(loadOrCreateDevMasterKeys(dir), /master-keys\.dev key "dev1" must be 32 bytes/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("loadMasterKeys prefers MASTER_KEYS and refuses made-up keys for a real database", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const configured = await loadMasterKeys({
      masterKeys: `${generateMasterKeyEntry("k2")},${generateMasterKeyEntry("k1")}`,
      dataDir: dir,
      embedded: true,
    });
    assert.deepEqual(configured.ids, ["k2", "k1"]);
    assert.deepEqual([...Deno.readDirSync(dir)], [], "no development key is made when keys are configured");
    await assert.rejects(
      loadMasterKeys({ dataDir: dir, embedded: false }),
      /MASTER_KEYS must be set when DATABASE_URL is set/,
    );
    await assert.rejects(loadMasterKeys({ masterKeys: "k1:abc", dataDir: dir, embedded: true }), /32 bytes/);
    const dev = await loadMasterKeys({ masterKeys: " ", dataDir: dir, embedded: true });
    assert.equal(dev.activeId, "dev1");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
