/**
 * Builds the browser bundle with `deno bundle` (esbuild inside Deno; no other bundler) and keeps it in
 * `.data/ui-build/<hash>/`, keyed by the hash of its sources, so a restart with unchanged sources reuses it.
 * Code splitting is on: a module an island loads with `import()` (ECharts, say) becomes its own chunk, fetched
 * only by pages that need it. The files are read into memory once; the assets route serves them from there.
 */
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { sourceHash } from "./source-hash.ts";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
export const DEFAULT_ENTRY = join(ROOT, "platform/ui/client/entry.ts");
export const DEFAULT_CACHE_DIR = join(ROOT, ".data/ui-build");
const FLAGS = ["--platform", "browser", "--format", "esm", "--minify", "--code-splitting"];

export interface UiBundle {
  hash: string;
  /** Where pages load the entry from: `/ui/assets/<hash>.js`. */
  entryUrl: string;
  /** File name under /ui/assets/ → content: the entry as `<hash>.js`, chunks under their own (hashed) names. */
  files: ReadonlyMap<string, Uint8Array>;
}

export class UiBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UiBuildError";
  }
}

export async function buildUiBundle(
  options: { entry?: string; cacheDir?: string } = {},
): Promise<UiBundle> {
  const entry = options.entry ?? DEFAULT_ENTRY;
  const cacheDir = options.cacheDir ?? DEFAULT_CACHE_DIR;
  let hash: string;
  try {
    hash = await sourceHash(entry, [Deno.version.deno, ...FLAGS]);
  } catch (error) {
    throw new UiBuildError(`the web console's sources could not be read: ${(error as Error).message}`);
  }
  const dir = join(cacheDir, hash);
  const entryFile = basename(entry).replace(/\.[jt]sx?$/, ".js");
  if (!(await exists(join(dir, entryFile)))) await bundleInto(entry, cacheDir, dir);
  return { hash, entryUrl: `/ui/assets/${hash}.js`, files: await readOutput(dir, entryFile, hash) };
}

async function bundleInto(entry: string, cacheDir: string, dir: string): Promise<void> {
  await Deno.mkdir(cacheDir, { recursive: true });
  // Built beside and renamed into place, so a parallel process never sees half a bundle.
  const partial = `${dir}.${crypto.randomUUID()}.partial`;
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["bundle", ...FLAGS, "--config", join(ROOT, "deno.json"), "--outdir", partial, entry],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!output.success) {
    await Deno.remove(partial, { recursive: true }).catch(() => {});
    const detail = new TextDecoder().decode(output.stderr).split("\n")
      .filter((line) => line.trim() && !/experimental/.test(line)).join("\n");
    throw new UiBuildError(`bundling the web console (${entry}) failed:\n${detail}`);
  }
  try {
    await Deno.rename(partial, dir);
  } catch {
    // Another process finished the same bundle first; theirs is identical.
    await Deno.remove(partial, { recursive: true }).catch(() => {});
  }
  await pruneOldBuilds(cacheDir, dir);
}

async function readOutput(dir: string, entryFile: string, hash: string): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  for await (const file of Deno.readDir(dir)) {
    if (!file.isFile || !file.name.endsWith(".js")) continue;
    files.set(file.name === entryFile ? `${hash}.js` : file.name, await Deno.readFile(join(dir, file.name)));
  }
  return files;
}

/** Builds of older sources are left a day (a running server may still hold their URLs), then removed. */
async function pruneOldBuilds(cacheDir: string, keep: string): Promise<void> {
  const dayAgo = Date.now() - 24 * 3600_000;
  for await (const entry of Deno.readDir(cacheDir)) {
    const path = join(cacheDir, entry.name);
    if (path === keep || !entry.isDirectory) continue;
    const info = await Deno.stat(path).catch(() => undefined);
    if (info?.mtime && info.mtime.getTime() < dayAgo) await Deno.remove(path, { recursive: true }).catch(() => {});
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

let current: Promise<UiBundle> | undefined;

/** The bundle of this process, built on first use (or at start-up, when scripts/start.ts asks for it). */
export function uiBundle(): Promise<UiBundle> {
  current ??= buildUiBundle();
  return current;
}
