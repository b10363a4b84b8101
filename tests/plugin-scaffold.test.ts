/** `deno task plugin:new <id>` makes a plugin that passes the checks and its own tests as generated. */
import assert from "node:assert/strict";

const ROOT = new URL("../", import.meta.url);
const SCRIPT = new URL("scripts/plugin-new.ts", ROOT).pathname;

async function run(args: string[], cwd = ROOT.pathname) {
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    cwd,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

Deno.test("a scaffolded plugin type-checks, lints, keeps the rules and passes its generated test", async () => {
  const id = `zz-scaffold-${crypto.randomUUID().slice(0, 6)}`;
  const folder = new URL(`plugins/${id}/`, ROOT);
  try {
    const made = await run(["run", "-A", SCRIPT, id, "--no-register"]);
    assert.equal(made.code, 0, made.stderr);
    for (const file of ["plugin.ts", "routes.ts", "schema.ts", "plugin.test.ts", "migrations/0001_items.sql"]) {
      await Deno.stat(new URL(file, folder));
    }
    const checked = await run(["check", folder.pathname]);
    assert.equal(checked.code, 0, checked.stderr);
    const linted = await run(["lint", folder.pathname]);
    assert.equal(linted.code, 0, linted.stdout + linted.stderr);
    const formatted = await run(["fmt", "--check", folder.pathname]);
    assert.equal(formatted.code, 0, formatted.stdout + formatted.stderr);
    const tested = await run(["test", "-A", folder.pathname]);
    assert.equal(tested.code, 0, tested.stdout + tested.stderr);
    assert.match(tested.stdout, /ok \| 1 passed \| 0 failed/);
  } finally {
    await Deno.remove(folder, { recursive: true }).catch(() => {});
  }
});

Deno.test("plugin:new lists the plugin in mod.ts and refuses bad or taken ids", async () => {
  const dir = await Deno.makeTempDir({ prefix: "plugins-" });
  try {
    await Deno.copyFile(new URL("plugins/mod.ts", ROOT), `${dir}/mod.ts`);
    const made = await run(["run", "-A", SCRIPT, "queue-tickets", "--dir", dir]);
    assert.equal(made.code, 0, made.stderr);
    const mod = await Deno.readTextFile(`${dir}/mod.ts`);
    assert.match(mod, /import queueTickets from "\.\/queue-tickets\/plugin\.ts";/);
    assert.match(mod, /export const installedPlugins = \[\s*satisfaction,\s*membership,\s*queueTickets,?\s*\]/);
    const again = await run(["run", "-A", SCRIPT, "queue-tickets", "--dir", dir]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /already exists/);
    const bad = await run(["run", "-A", SCRIPT, "Queue_Tickets", "--dir", dir]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /is not a plugin id/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
