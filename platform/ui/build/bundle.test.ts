import assert from "node:assert/strict";
import { buildUiBundle, UiBuildError } from "./bundle.ts";

Deno.test("a bundle is built once per source hash, into its own folder", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ui-build-test-" });
  try {
    const entry = `${dir}/entry.ts`;
    await Deno.writeTextFile(entry, `document.title = "one";\n`);
    const first = await buildUiBundle({ entry, cacheDir: `${dir}/cache` });
    assert.match(first.entryUrl, /^\/ui\/assets\/[0-9a-f]{16}\.js$/);
    assert.match(new TextDecoder().decode(first.files.get(`${first.hash}.js`)), /one/);
    assert.ok((await Deno.stat(`${dir}/cache/${first.hash}/entry.js`)).isFile);

    assert.equal((await buildUiBundle({ entry, cacheDir: `${dir}/cache` })).hash, first.hash, "same sources");
    await Deno.writeTextFile(entry, `document.title = "two";\n`);
    const second = await buildUiBundle({ entry, cacheDir: `${dir}/cache` });
    assert.notEqual(second.hash, first.hash, "a changed source is a new bundle");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a bundle that cannot be built fails with the bundler's message", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ui-build-test-" });
  try {
    const entry = `${dir}/broken.ts`;
    await Deno.writeTextFile(entry, `import { nothing } from "./missing-module.ts";\nconsole.log(nothing);\n`);
    await assert.rejects(
      buildUiBundle({ entry, cacheDir: `${dir}/cache` }),
      (error: Error) => error instanceof UiBuildError && /missing-module/.test(error.message),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
