import { idNumberCheckCharacter, validateIdNumber } from "./id-number.ts";
import { assertAccepted, assertRefused } from "./validation-asserts.ts";

const NOW = new Date("2024-06-01T08:00:00+08:00");

Deno.test("18-character ID numbers with a matching check character are accepted", () => {
  // The example printed in GB 11643 itself, with the check character X.
  assertAccepted(validateIdNumber("11010519491231002X", NOW), "11010519491231002X");
  assertAccepted(validateIdNumber("11010519491231002x", NOW), "11010519491231002X");
  assertAccepted(validateIdNumber("110105 19491231 002X", NOW), "11010519491231002X");
  assertAccepted(validateIdNumber("320311198506121237", NOW), "320311198506121237");
  assertAccepted(validateIdNumber("650102197908151230", NOW), "650102197908151230");
  assertAccepted(validateIdNumber("３２０３１１１９８５０６１２１２３７", NOW), "320311198506121237");
  // A baby born in 2023, and a leap day.
  assertAccepted(validateIdNumber("310115202301011239", NOW), "310115202301011239");
  const leap = "44030620000229123";
  assertAccepted(validateIdNumber(leap + idNumberCheckCharacter(leap), NOW), leap + idNumberCheckCharacter(leap));
});

Deno.test("a birth date of today in China is not in the future, even while it is still yesterday in UTC", () => {
  const first17 = "32031120240601123";
  const id = first17 + idNumberCheckCharacter(first17);
  assertAccepted(validateIdNumber(id, new Date("2024-05-31T17:00:00Z")), id);
  assertRefused(validateIdNumber(id, new Date("2024-05-31T15:00:00Z")), /in the future/);
});

Deno.test("ID numbers are refused with the reason", () => {
  assertRefused(validateIdNumber("", NOW), /empty/);
  assertRefused(validateIdNumber("320311850612123", NOW), /15-digit first-generation .* 18-character/);
  assertRefused(validateIdNumber("32031119850612123", NOW), /18 characters \(got 17\)/);
  assertRefused(validateIdNumber("3203111985061212377", NOW), /18 characters \(got 19\)/);
  assertRefused(validateIdNumber("32031119850612123Y", NOW), /only digits and a final X/);
  assertRefused(validateIdNumber("3203111985X6121237", NOW), /X only as its last character/);
  // One digit changed: the check character catches it.
  assertRefused(validateIdNumber("320311198506121238", NOW), /check character does not match/);
  assertRefused(validateIdNumber("320311198506211237", NOW), /check character/);
  // Checksums right, everything else wrong.
  const withCheck = (first17: string) => first17 + idNumberCheckCharacter(first17);
  assertRefused(validateIdNumber(withCheck("99031119850612123"), NOW), /region code 99 is not a Chinese province/);
  assertRefused(validateIdNumber(withCheck("00031119850612123"), NOW), /region code 00/);
  assertRefused(validateIdNumber(withCheck("44030620010229123"), NOW), /birth date .* not a real date/);
  assertRefused(validateIdNumber(withCheck("44030619851301123"), NOW), /not a real date/);
  assertRefused(validateIdNumber(withCheck("44030619850000123"), NOW), /not a real date/);
  assertRefused(validateIdNumber(withCheck("11010120991231123"), NOW), /birth date .* in the future/);
  // The standard's other example is a man born in 1880: no living customer.
  assertRefused(validateIdNumber("440524188001010014", NOW), /before 1900/);
});

Deno.test("ID number messages do not repeat the birth date", () => {
  const result = validateIdNumber("44030620010229123" + idNumberCheckCharacter("44030620010229123"), NOW);
  if (result.ok) throw new Error("expected a refusal");
  if (result.message.includes("20010229")) throw new Error(`message leaks the birth date: ${result.message}`);
});

Deno.test("residence permits and foreigners' permanent residence cards share the 18-character format", () => {
  const taiwan = "83000019900101123";
  assertAccepted(
    validateIdNumber(taiwan + idNumberCheckCharacter(taiwan), NOW),
    taiwan + idNumberCheckCharacter(taiwan),
  );
  const foreigner = "91320019900101123";
  assertAccepted(
    validateIdNumber(foreigner + idNumberCheckCharacter(foreigner), NOW),
    foreigner + idNumberCheckCharacter(foreigner),
  );
});
