/**
 * Keeps the first and last few characters and hides the rest, never showing more than two thirds of a value:
 * on a short value (a 12-digit card with "first 6, last 4") the configured counts would otherwise reveal nearly
 * everything.
 */
export function maskSpan(value: string, keepStart: number, keepEnd: number, maskChar: string): string {
  const chars = Array.from(value);
  const minimumHidden = Math.ceil(chars.length / 3);
  let start = keepStart;
  let end = keepEnd;
  while (chars.length - start - end < minimumHidden && start + end > 0) {
    if (start > end) start--;
    else end--;
  }
  const hidden = chars.length - start - end;
  return chars.slice(0, start).join("") + maskChar.repeat(hidden) + (end > 0 ? chars.slice(-end).join("") : "");
}
