/**
 * `deno task plugin:new <id>`: scaffolds plugins/<id>/ — manifest, migration, routes, table types and a test —
 * and lists it in plugins/mod.ts. The result passes the suite as generated; change it from there.
 */
import { parseArgs } from "node:util";
import { pluginFiles } from "./plugin-template.ts";

const PLUGIN_ID = /^[a-z][a-z0-9-]{1,31}$/;
const ROOT = new URL("../", import.meta.url);

function fail(message: string): never {
  console.error(message);
  Deno.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    args: Deno.args,
    allowPositionals: true,
    options: { "no-register": { type: "boolean" }, dir: { type: "string" } },
  });
} catch (error) {
  fail(`${(error as Error).message}\nUsage: deno task plugin:new <id> [--no-register]`);
}
const [id] = parsed.positionals;
if (!id || parsed.positionals.length > 1) fail("Usage: deno task plugin:new <id> [--no-register]");
if (!PLUGIN_ID.test(id)) {
  fail(`"${id}" is not a plugin id: use 2–32 lower-case letters, digits or -, starting with a letter`);
}

const pluginsDir = new URL(parsed.values.dir ? `${parsed.values.dir.replace(/\/?$/, "/")}` : "plugins/", ROOT);
const folder = new URL(`${id}/`, pluginsDir);
try {
  await Deno.stat(folder);
  fail(`${folder.pathname} already exists`);
} catch (error) {
  if (!(error instanceof Deno.errors.NotFound)) throw error;
}

for (const [path, content] of Object.entries(pluginFiles(id))) {
  const file = new URL(path, folder);
  await Deno.mkdir(new URL(".", file), { recursive: true });
  await Deno.writeTextFile(file, content);
}

if (!parsed.values["no-register"]) {
  const modFile = new URL("mod.ts", pluginsDir);
  const mod = await Deno.readTextFile(modFile);
  const name = id.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  const withImport = mod.replace(
    /(import [^\n]+ from "\.\/[^"]+\/plugin\.ts";\n)(?![\s\S]*import [^\n]+ from "\.\/[^"]+\/plugin\.ts";)/,
    `$1import ${name} from "./${id}/plugin.ts";\n`,
  );
  const withEntry = withImport.replace(/export const installedPlugins = \[([^\]]*)\]/, (_, list: string) => {
    const entries = list.split(",").map((s) => s.trim()).filter(Boolean);
    return `export const installedPlugins = [${[...entries, name].join(", ")}]`;
  });
  if (withEntry === mod || !withEntry.includes(`./${id}/plugin.ts`)) {
    fail(`created ${folder.pathname}, but could not add it to plugins/mod.ts: add it there by hand`);
  }
  await Deno.writeTextFile(modFile, withEntry);
  await new Deno.Command(Deno.execPath(), { args: ["fmt", "-q", modFile.pathname], stdout: "null" }).output();
}

// The templates are written for reading; the formatter makes them match the project's style exactly.
await new Deno.Command(Deno.execPath(), { args: ["fmt", "-q", folder.pathname], stdout: "null", stderr: "inherit" })
  .output();

console.log(`Created ${folder.pathname.slice(ROOT.pathname.length)}`);
console.log("Next: add the id to a plan in tenants/plans.json, then run npm test.");
