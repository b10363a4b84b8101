/** The benchmark's command line only; the benchmark itself runs with `deno task bench:dashboard`, never in the suite. */
import assert from "node:assert/strict";
import { BenchArgsError, parseDashboardArgs } from "./dashboard.ts";

Deno.test("bench:dashboard takes its defaults and its options", () => {
  assert.deepEqual(parseDashboardArgs([]), {
    events: 10_000_000,
    tenants: 50,
    stores: 10,
    days: 35,
    runs: 200,
    concurrency: 2,
    explain: false,
  });
  assert.deepEqual(
    parseDashboardArgs([
      "--events",
      "1_000_000",
      "--tenants=5",
      "--stores",
      "3",
      "--days",
      "31",
      "--runs",
      "20",
      "--explain",
    ]),
    { events: 1_000_000, tenants: 5, stores: 3, days: 31, runs: 20, concurrency: 2, explain: true },
  );
});

Deno.test("bench:dashboard refuses bad arguments", () => {
  for (
    const args of [
      ["--events", "0"],
      ["--events", "1e7"],
      ["--events", "3", "--tenants", "2"],
      ["--days", "29"],
      ["--runs", "many"],
      ["--stores", "-1"],
      ["--pglite"],
      ["positional"],
    ]
  ) {
    assert.throws(() => parseDashboardArgs(args), BenchArgsError, args.join(" "));
  }
});
