import assert from "node:assert/strict";
import { suppressSmallCells } from "./k-anonymity.ts";

type Cell = { hour: string; zone: string; visitors: number | null; avg_spend_fen: number | null };

const cell = (hour: string, zone: string, visitors: number | null, avg = 1000): Cell => ({
  hour,
  zone,
  visitors,
  avg_spend_fen: avg,
});

/** Every group that shares a published total must not have exactly one blank: that one could be recomputed. */
function loneBlanks(rows: { suppressed: boolean }[], keyOf: (i: number) => string): string[] {
  const blanks = new Map<string, { size: number; blank: number }>();
  rows.forEach((row, i) => {
    const g = blanks.get(keyOf(i)) ?? { size: 0, blank: 0 };
    g.size++;
    if (row.suppressed) g.blank++;
    blanks.set(keyOf(i), g);
  });
  return [...blanks].filter(([, g]) => g.size > 1 && g.blank === 1).map(([key]) => key);
}

Deno.test("rows at or above k are kept as they are, and the input is not changed", () => {
  const rows = [cell("10", "A", 5), cell("10", "B", 12)];
  const copy = structuredClone(rows);
  const out = suppressSmallCells(rows, { countField: "visitors", fields: ["avg_spend_fen"] });
  assert.deepEqual(out, [{ ...rows[0], suppressed: false }, { ...rows[1], suppressed: false }]);
  assert.deepEqual(rows, copy);
});

Deno.test("a count below k is blanked with its derived values and marked", () => {
  const out = suppressSmallCells(
    [cell("10", "A", 3, 4200), cell("10", "B", 40), cell("10", "C", 4)],
    { countField: "visitors", fields: ["avg_spend_fen"] },
  );
  assert.deepEqual(out.map((r) => [r.visitors, r.avg_spend_fen, r.suppressed]), [
    [null, null, true],
    [40, 1000, false],
    [null, null, true],
  ]);
  // Fields that are not derived from the count stay readable.
  assert.deepEqual(out.map((r) => r.zone), ["A", "B", "C"]);
});

Deno.test("zero and missing counts count as small", () => {
  const out = suppressSmallCells(
    [cell("10", "A", 0), cell("10", "B", null), cell("10", "C", 9)],
    { countField: "visitors" },
  );
  assert.deepEqual(out.map((r) => r.suppressed), [true, true, false]);
});

Deno.test("one small cell under the grand total takes the next smallest cell with it", () => {
  const out = suppressSmallCells(
    [cell("10", "A", 50), cell("10", "B", 2), cell("10", "C", 9), cell("10", "D", 30)],
    { countField: "visitors", fields: ["avg_spend_fen"] },
  );
  assert.deepEqual(out.map((r) => r.visitors), [50, null, null, 30]);
  assert.deepEqual(out.map((r) => r.avg_spend_fen), [1000, null, null, 1000]);
  assert.deepEqual(out.map((r) => r.suppressed), [false, true, true, false]);
});

Deno.test("the secondary choice is the first of equal smallest cells, so output is deterministic", () => {
  const out = suppressSmallCells(
    [cell("10", "A", 8), cell("10", "B", 1), cell("10", "C", 8)],
    { countField: "visitors" },
  );
  assert.deepEqual(out.map((r) => r.suppressed), [true, true, false]);
});

Deno.test("two small cells already protect each other: no secondary suppression", () => {
  const out = suppressSmallCells(
    [cell("10", "A", 1), cell("10", "B", 2), cell("10", "C", 9)],
    { countField: "visitors" },
  );
  assert.deepEqual(out.map((r) => r.suppressed), [true, true, false]);
});

Deno.test("a group of one row is not padded: its total is the caller's to withhold", () => {
  const out = suppressSmallCells([cell("10", "A", 2)], { countField: "visitors" });
  assert.deepEqual(out.map((r) => r.suppressed), [true]);
});

Deno.test("row and column totals: suppression cascades until no total has a lone blank", () => {
  //            A    B    C
  // hour 10:  20    3   40
  // hour 11:  25   30   50
  // hour 12:  60   70    6
  const rows = [
    cell("10", "A", 20),
    cell("10", "B", 3),
    cell("10", "C", 40),
    cell("11", "A", 25),
    cell("11", "B", 30),
    cell("11", "C", 50),
    cell("12", "A", 60),
    cell("12", "B", 70),
    cell("12", "C", 6),
  ];
  const out = suppressSmallCells(rows, {
    countField: "visitors",
    fields: ["avg_spend_fen"],
    totalsBy: [["hour"], ["zone"]],
  });
  // Only 10/B (3) is below k. Hour 10 adds its smallest, 10/A (20); zone A then has 10/A alone and adds 11/A (25);
  // zone B has 10/B alone and adds 11/B (30); now every hour and zone has zero or two blanks.
  assert.deepEqual(
    out.filter((r) => r.suppressed).map((r) => `${r.hour}/${r.zone}`),
    ["10/A", "10/B", "11/A", "11/B"],
  );
  assert.deepEqual(loneBlanks(out, (i) => `hour:${rows[i].hour}`), []);
  assert.deepEqual(loneBlanks(out, (i) => `zone:${rows[i].zone}`), []);
  // The kept cells are unchanged.
  for (const [i, r] of out.entries()) if (!r.suppressed) assert.equal(r.visitors, rows[i].visitors);
});

Deno.test("the grand total can be combined with row totals", () => {
  const rows = [cell("10", "A", 2), cell("10", "B", 30), cell("11", "A", 40), cell("11", "B", 50)];
  const out = suppressSmallCells(rows, { countField: "visitors", totalsBy: [[], ["hour"]] });
  // The grand total pairs 10/A with the smallest other cell, 10/B, which also covers the hour-10 total.
  assert.deepEqual(out.map((r) => r.suppressed), [true, true, false, false]);
});

Deno.test("k can be raised", () => {
  const out = suppressSmallCells(
    [cell("10", "A", 9), cell("10", "B", 10), cell("10", "C", 100), cell("10", "D", 8)],
    { countField: "visitors", k: 10 },
  );
  assert.deepEqual(out.map((r) => r.suppressed), [true, false, false, true]);
});

Deno.test("bigint counts (large int8 values) are read as numbers", () => {
  const out = suppressSmallCells(
    [{ g: 1, n: 3n }, { g: 1, n: 7n }, { g: 1, n: 9007199254740993n }],
    { countField: "n" },
  );
  assert.deepEqual(out.map((r) => [r.n, r.suppressed]), [[null, true], [null, true], [9007199254740993n, false]]);
});

Deno.test("bad options and counts are refused", () => {
  assert.throws(() => suppressSmallCells([cell("10", "A", 3)], { countField: "visitors", k: 1 }), RangeError);
  assert.throws(() => suppressSmallCells([cell("10", "A", 3)], { countField: "visitors", k: 2.5 }), RangeError);
  assert.throws(() => suppressSmallCells([cell("10", "A", -1)], { countField: "visitors" }), /negative/);
  assert.throws(() => suppressSmallCells([{ n: "12" }], { countField: "n" }), TypeError);
  assert.deepEqual(suppressSmallCells([], { countField: "visitors" }), []);
});

Deno.test("random tables: small cells blanked, no total with a lone blank, the rest untouched", () => {
  let seed = 42;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  for (let round = 0; round < 300; round++) {
    const hours = 1 + Math.floor(random() * 5);
    const zones = 1 + Math.floor(random() * 5);
    const rows: Cell[] = [];
    for (let h = 0; h < hours; h++) {
      for (let z = 0; z < zones; z++) {
        rows.push(cell(`h${h}`, `z${z}`, Math.floor(random() * (random() < 0.3 ? 6 : 60))));
      }
    }
    const out = suppressSmallCells(rows, {
      countField: "visitors",
      fields: ["avg_spend_fen"],
      totalsBy: [[], ["hour"], ["zone"]],
    });
    out.forEach((r, i) => {
      if (rows[i].visitors! < 5) assert.equal(r.suppressed, true);
      if (r.suppressed) assert.deepEqual([r.visitors, r.avg_spend_fen], [null, null]);
      else assert.deepEqual([r.visitors, r.avg_spend_fen], [rows[i].visitors, rows[i].avg_spend_fen]);
    });
    assert.deepEqual(loneBlanks(out, () => "all"), []);
    assert.deepEqual(loneBlanks(out, (i) => rows[i].hour), []);
    assert.deepEqual(loneBlanks(out, (i) => rows[i].zone), []);
  }
});
