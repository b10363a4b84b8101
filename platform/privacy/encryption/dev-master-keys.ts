/**
 * Development master keys: with the embedded database and no MASTER_KEYS, a random key is made once and kept in
 * the data folder beside the database, so `npm start` works with no set-up and data written yesterday still
 * decrypts today. Production configures MASTER_KEYS and keeps the keys away from the database files.
 */
import { join } from "node:path";
import { generateMasterKeyEntry, MasterKeyError, type MasterKeyRing, parseMasterKeys } from "./master-keys.ts";

export const DEV_MASTER_KEY_FILE = "master-keys.dev";

async function readKeyFile(path: string): Promise<MasterKeyRing | undefined> {
  try {
    return parseMasterKeys(await Deno.readTextFile(path), path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

export async function loadOrCreateDevMasterKeys(dataDir: string): Promise<MasterKeyRing> {
  const path = join(dataDir, DEV_MASTER_KEY_FILE);
  const existing = await readKeyFile(path);
  if (existing) return existing;
  await Deno.mkdir(dataDir, { recursive: true });
  // Written in full under a private name, then linked into place: link fails if another process got there
  // first, so two processes starting together agree on one key and nobody reads half a file.
  const partial = `${path}.${crypto.randomUUID()}.partial`;
  await Deno.writeTextFile(partial, `${generateMasterKeyEntry("dev1")}\n`, { mode: 0o600 });
  try {
    await Deno.link(partial, path);
  } catch (error) {
    if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
  } finally {
    await Deno.remove(partial);
  }
  const created = await readKeyFile(path);
  if (!created) throw new MasterKeyError(`${path} disappeared while it was being created`);
  return created;
}

export interface MasterKeySource {
  /** The MASTER_KEYS value, when configured. */
  masterKeys?: string;
  /** The embedded database's folder (DATA_DIR), where development keys are kept. */
  dataDir: string;
  /** True when the embedded database is in use; only then may keys be made up on the spot. */
  embedded: boolean;
}

/** MASTER_KEYS when set; otherwise development keys for the embedded database; otherwise a clear refusal. */
export async function loadMasterKeys(source: MasterKeySource): Promise<MasterKeyRing> {
  if (source.masterKeys !== undefined && source.masterKeys.trim() !== "") return parseMasterKeys(source.masterKeys);
  if (source.embedded) return await loadOrCreateDevMasterKeys(source.dataDir);
  throw new MasterKeyError(
    "MASTER_KEYS must be set when DATABASE_URL is set (personal information is encrypted with tenant keys " +
      "wrapped by these master keys); generate one with `openssl rand -base64 32` and set MASTER_KEYS=k1:<that>",
  );
}
