import assert from "node:assert/strict";
import { isUuid, uuidv7 } from "./ids.ts";

Deno.test("uuidv7 makes valid version-7 ids that sort by creation", () => {
  const ids = Array.from({ length: 2000 }, () => uuidv7());
  for (const id of ids) {
    assert.ok(isUuid(id), id);
    assert.equal(id[14], "7");
    assert.ok("89ab".includes(id[19]), `variant of ${id}`);
  }
  assert.deepEqual([...ids].sort(), ids);
  assert.equal(new Set(ids).size, ids.length);
});

Deno.test("uuidv7 encodes the millisecond timestamp in its first 48 bits", () => {
  const at = Date.UTC(2031, 0, 1, 8, 0, 0); // ahead of the clock, so the monotonic guard is not involved
  const id = uuidv7(at + 10_000_000);
  const ms = parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
  assert.equal(ms, at + 10_000_000);
});

Deno.test("isUuid rejects what is not a uuid", () => {
  for (
    const bad of [
      "",
      "123",
      "not-a-uuid",
      "0190c5e0-0000-7000-8000-00000000000g",
      42,
      null,
    ]
  ) {
    assert.equal(isUuid(bad), false, String(bad));
  }
});
