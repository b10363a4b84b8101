/**
 * Small-cell suppression for aggregates that leave a tenant (reports to the commerce bureau, data shared with
 * another store). A count below k describes few enough people to point at someone ("the 2 members aged 70+ who
 * shopped at store X"), so it is blanked together with the values derived from it.
 *
 * Blanking alone is not enough when totals are published or computable: with one blank cell in a row of a
 * table, total minus the others gives it back. So after the primary pass, every group that shares a total and
 * has exactly one blank cell gets a second one, its smallest remaining cell (the least information lost), and
 * this repeats until no group has a lone blank cell, since a blank added for one total can leave another total
 * with a lone blank.
 *
 * Left to the caller: a total over a single cell equals that cell, so do not publish totals of one-cell groups
 * whose cell is suppressed; and totals below k are themselves small cells.
 *
 * Every output row carries `suppressed`; primary and secondary suppression are not told apart, because "primary"
 * would itself say the count is below k.
 */

export interface SuppressionOptions<R, C extends keyof R, F extends keyof R> {
  /** The field holding the number of people (or events of people) behind the row. */
  countField: C;
  /** Smallest count published (default 5). */
  k?: number;
  /** Values derived from the count (averages, shares, sums of money) that must be blanked with it. */
  fields?: readonly F[];
  /**
   * The totals a reader has or can compute, each given by the fields its rows are grouped by: [] is the grand
   * total, ["hour"] the total per hour, ["zone"] the total per zone. Default: [[]], the grand total.
   */
  totalsBy?: readonly (readonly (keyof R)[])[];
}

export type SuppressedRow<R, C extends keyof R, F extends keyof R> =
  & Omit<R, C | F | "suppressed">
  & { [P in C | F]: R[P] | null }
  & { suppressed: boolean };

export const DEFAULT_K = 5;

function readCount(value: unknown, index: number): number | null {
  if (value === null || value === undefined) return null;
  const n = typeof value === "bigint" ? Number(value) : value;
  if (typeof n !== "number" || Number.isNaN(n)) {
    throw new TypeError(`row ${index}: the count must be a number, got ${typeof value}`);
  }
  if (n < 0) throw new RangeError(`row ${index}: the count cannot be negative (${n})`);
  return n;
}

function groupIndices<R>(rows: readonly R[], by: readonly (keyof R)[]): number[][] {
  const groups = new Map<string, number[]>();
  rows.forEach((row, i) => {
    const key = JSON.stringify(by.map((field) => row[field] ?? null));
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
  });
  return [...groups.values()];
}

export function suppressSmallCells<
  R extends Record<string, unknown>,
  C extends keyof R & string,
  F extends keyof R & string = never,
>(rows: readonly R[], options: SuppressionOptions<R, C, F>): SuppressedRow<R, C, F>[] {
  const k = options.k ?? DEFAULT_K;
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`k must be a whole number of at least 2, got ${k}`);
  const counts = rows.map((row, i) => readCount(row[options.countField], i));
  // An unknown count could be anything, including a small one.
  const suppressed = counts.map((count) => count === null || count < k);

  const groups = (options.totalsBy ?? [[]]).flatMap((by) => groupIndices(rows, by));
  let changed = true;
  while (changed) {
    changed = false;
    for (const group of groups) {
      if (group.length < 2) continue;
      const blank = group.filter((i) => suppressed[i]).length;
      if (blank !== 1) continue;
      let smallest = -1;
      for (const i of group) {
        if (!suppressed[i] && (smallest === -1 || counts[i]! < counts[smallest]!)) smallest = i;
      }
      suppressed[smallest] = true;
      changed = true;
    }
  }

  const blanked = [options.countField, ...(options.fields ?? [])];
  return rows.map((row, i) => {
    const out: Record<string, unknown> = { ...row, suppressed: suppressed[i] };
    if (suppressed[i]) { for (const field of blanked) out[field] = null; }
    return out as SuppressedRow<R, C, F>;
  });
}
