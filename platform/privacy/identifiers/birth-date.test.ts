import { validateBirthDate } from "./birth-date.ts";
import { assertAccepted, assertRefused } from "./validation-asserts.ts";

const TODAY = new Date("2026-03-15T02:00:00Z");

Deno.test("birth dates are accepted in the ways people write them and stored as YYYY-MM-DD", () => {
  assertAccepted(validateBirthDate("1990-03-15", TODAY), "1990-03-15");
  assertAccepted(validateBirthDate("1990/3/5", TODAY), "1990-03-05");
  assertAccepted(validateBirthDate("1990.12.31", TODAY), "1990-12-31");
  assertAccepted(validateBirthDate("19900315", TODAY), "1990-03-15");
  assertAccepted(validateBirthDate("1990年3月15日", TODAY), "1990-03-15");
  assertAccepted(validateBirthDate("１９９０－０３－１５", TODAY), "1990-03-15"); // full-width, from a Chinese keyboard
  assertAccepted(validateBirthDate("2000-02-29", TODAY), "2000-02-29");
  assertAccepted(validateBirthDate("2026-03-15", TODAY), "2026-03-15");
});

Deno.test("birth dates are refused with the reason", () => {
  assertRefused(validateBirthDate("", TODAY), /empty/);
  assertRefused(validateBirthDate("15/03/1990", TODAY), /YYYY-MM-DD/);
  assertRefused(validateBirthDate("1990-13-01", TODAY), /month must be 1–12 \(got 13\)/);
  assertRefused(validateBirthDate("1990-04-31", TODAY), /day must be 1–30 in 1990-04/);
  assertRefused(validateBirthDate("2001-02-29", TODAY), /day must be 1–28 in 2001-02/);
  assertRefused(validateBirthDate("2026-03-16", TODAY), /in the future/);
  assertRefused(validateBirthDate("1890-01-01", TODAY), /more than 130 years ago/);
});
