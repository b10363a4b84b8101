/**
 * A hash of everything the browser bundle is made from: every local file in the entry's module graph (islands,
 * the dictionaries, whatever they import, the npm packages' files under node_modules), Deno's version and the
 * bundler flags. `deno info` lists the graph exactly, so a change anywhere an island reaches makes a new bundle,
 * and nothing else does.
 */
import { createHash } from "node:crypto";

export async function moduleGraphFiles(entry: string): Promise<string[]> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", entry],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!output.success) {
    throw new Error(`deno info ${entry} failed:\n${new TextDecoder().decode(output.stderr).trim()}`);
  }
  const info = JSON.parse(new TextDecoder().decode(output.stdout)) as { modules: { specifier: string }[] };
  return info.modules
    .map((module) => module.specifier)
    .filter((specifier) => specifier.startsWith("file://"))
    .map((specifier) => decodeURIComponent(new URL(specifier).pathname))
    .sort();
}

export async function sourceHash(entry: string, extra: string[]): Promise<string> {
  const hash = createHash("sha256");
  for (const part of extra) hash.update(`${part}\n`);
  for (const file of await moduleGraphFiles(entry)) {
    hash.update(`${file}\n`);
    hash.update(await Deno.readFile(file));
  }
  return hash.digest("hex").slice(0, 16);
}
