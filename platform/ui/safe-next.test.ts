import assert from "node:assert/strict";
import { safeNext } from "./safe-next.ts";

Deno.test("next: same-site paths are kept", () => {
  assert.equal(safeNext("/console/stores"), "/console/stores");
  assert.equal(safeNext("/console/users?x=1#top"), "/console/users?x=1#top");
});

Deno.test("next: anything that could leave the site is dropped", () => {
  for (
    const value of [
      "https://evil.example/",
      "//evil.example/x",
      "/\\evil.example",
      "\\\\evil.example",
      "/\t/evil.example",
      "javascript:alert(1)",
      "console",
      "",
      undefined,
      null,
    ]
  ) {
    assert.equal(safeNext(value), undefined, String(value));
  }
});
