/** The benchmark's command line only; the benchmark itself runs with `deno task bench:ingest`, never in the suite. */
import assert from "node:assert/strict";
import { BenchArgsError, parseBenchArgs } from "./ingest.ts";

Deno.test("bench:ingest takes its defaults and its options", () => {
  assert.deepEqual(parseBenchArgs([]), { events: 200_000, batch: 1_000, tenants: 50, concurrency: 4, pglite: false });
  assert.deepEqual(parseBenchArgs(["--events", "20_000", "--concurrency=8", "--pglite"]), {
    events: 20_000,
    batch: 1_000,
    tenants: 50,
    concurrency: 8,
    pglite: true,
  });
});

Deno.test("bench:ingest refuses bad arguments", () => {
  for (
    const args of [
      ["--events", "0"],
      ["--events", "-5"],
      ["--events", "1e5"],
      ["--events", "many"],
      ["--batch", "5001"],
      ["--concurrency", "0"],
      ["--unknown"],
      ["positional"],
    ]
  ) {
    assert.throws(() => parseBenchArgs(args), BenchArgsError, args.join(" "));
  }
});
