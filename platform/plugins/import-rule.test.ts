import assert from "node:assert/strict";
import { forbiddenImports } from "./import-rule.ts";

const ROOT = new URL("../../", import.meta.url);
const PLATFORM = new URL("platform/", ROOT);

async function* files(dir: URL): AsyncGenerator<URL> {
  for await (const entry of Deno.readDir(dir)) {
    const url = new URL(entry.name + (entry.isDirectory ? "/" : ""), dir);
    if (entry.isDirectory) yield* files(url);
    else if (/\.(ts|tsx)$/.test(entry.name)) yield url;
  }
}

Deno.test("plugins import from the platform only through platform/sdk.ts", async () => {
  const violations: string[] = [];
  let scanned = 0;
  for await (const file of files(new URL("plugins/", ROOT))) {
    scanned++;
    for (const specifier of forbiddenImports(file, await Deno.readTextFile(file), PLATFORM)) {
      violations.push(`${file.pathname.slice(ROOT.pathname.length)} imports ${specifier}`);
    }
  }
  assert.ok(scanned > 5, `scanned ${scanned} plugin files`);
  assert.deepEqual(violations, []);
});

Deno.test("the import rule catches static, re-exported and dynamic imports of platform internals", () => {
  const file = new URL("plugins/example/routes.ts", ROOT);
  const source = `
    import { sql } from "kysely";
    import { definePlugin } from "../../platform/sdk.ts";
    import { withTenant } from "../../platform/db/tenant.ts";
    export { appendAudit } from "../../platform/audit/audit-log.ts";
    const lazy = await import("../../platform/identity/sessions.ts");
    import { helper } from "./helper.ts";
  `;
  assert.deepEqual(forbiddenImports(file, source, PLATFORM), [
    "../../platform/db/tenant.ts",
    "../../platform/audit/audit-log.ts",
    "../../platform/identity/sessions.ts",
  ]);
});
