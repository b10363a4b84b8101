/**
 * When a lot of points expires, fixed at the moment it is credited with the district's policy of that day, so a
 * later change of policy never shortens what members were already told:
 * - never: no expiry;
 * - days: N days after crediting (pointsExpiryDays);
 * - year-end: at the end of the Nth 31 December on or after crediting, district-local (pointsExpiryYears; N = 1
 *   is the 31 December of the year the points were credited).
 */
import type { PointsSettings } from "./config.ts";
import { localDay, startOfDay } from "./days.ts";

export function lotExpiry(
  settings: Pick<PointsSettings, "pointsExpiryPolicy" | "pointsExpiryDays" | "pointsExpiryYears">,
  creditedAt: Date,
  timeZone: string,
): Date | null {
  switch (settings.pointsExpiryPolicy) {
    case "never":
      return null;
    case "days":
      return new Date(creditedAt.getTime() + settings.pointsExpiryDays * 86_400_000);
    case "year-end": {
      const year = Number(localDay(creditedAt, timeZone).slice(0, 4)) + settings.pointsExpiryYears - 1;
      // The end of 31 December is where 1 January of the next year begins.
      return startOfDay(`${year + 1}-01-01`, timeZone);
    }
  }
}
