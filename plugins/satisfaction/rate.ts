/**
 * The satisfaction rate as the Xuzhou standard defines it: (satisfied + basically satisfied) / surveyed.
 * "Satisfied" includes very satisfied; ratings 5, 4 and 3 count, 2 and 1 do not.
 */
export interface RatingCounts {
  /** Responses per rating, index 1–5. */
  byRating: Record<1 | 2 | 3 | 4 | 5, number>;
  total: number;
}

export interface SatisfactionRate extends RatingCounts {
  /** Percentage with one decimal, or null with no responses. */
  rate: number | null;
  meetsTarget: boolean | null;
}

export function satisfactionRate(counts: RatingCounts, targetPercent: number): SatisfactionRate {
  if (counts.total === 0) return { ...counts, rate: null, meetsTarget: null };
  const satisfied = counts.byRating[5] + counts.byRating[4] + counts.byRating[3];
  const rate = Math.round((satisfied / counts.total) * 1000) / 10;
  return { ...counts, rate, meetsTarget: rate >= targetPercent };
}

export function countRatings(rows: { rating: number; n: number }[]): RatingCounts {
  const byRating = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
  for (const row of rows) byRating[row.rating as 1] += Number(row.n);
  return { byRating, total: Object.values(byRating).reduce((a, b) => a + b, 0) };
}
