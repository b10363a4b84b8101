import { creditCodeCheckCharacter, validateCreditCode } from "./credit-code.ts";
import { assertAccepted, assertRefused } from "./validation-asserts.ts";

Deno.test("published credit codes of real companies are accepted", () => {
  for (
    const code of [
      "91350100M000100Y43", // the example in GB 32100
      "91440300708461136T",
      "914403001922038216",
      "91330000755918469E",
      "91330100799655058B",
      "92320302MA1X9Y123W", // a sole trader (个体工商户) in Xuzhou
      "93320311MA1N0G8Q7Q", // a farmers' co-operative
      "52320000MJ0000010M", // a private non-enterprise unit registered with civil affairs
    ]
  ) assertAccepted(validateCreditCode(code), code);
});

Deno.test("credit codes are normalised to upper case without spaces", () => {
  assertAccepted(validateCreditCode("91350100m000100y43"), "91350100M000100Y43");
  assertAccepted(validateCreditCode(" 9135 0100 M000 100Y 43 "), "91350100M000100Y43");
  assertAccepted(validateCreditCode("９１３５０１００Ｍ０００１００Ｙ４３"), "91350100M000100Y43");
});

Deno.test("credit codes are refused with the reason", () => {
  assertRefused(validateCreditCode(""), /empty/);
  assertRefused(validateCreditCode("91350100M000100Y4"), /18 characters \(got 17\)/);
  assertRefused(validateCreditCode("91350100M000100Y433"), /18 characters \(got 19\)/);
  assertRefused(validateCreditCode("91350100O000100Y43"), /never contains the letter O/);
  assertRefused(validateCreditCode("91350100M000100S43"), /letter S/);
  assertRefused(validateCreditCode("91350100M000100Y4#"), /only digits and capital letters/);
  assertRefused(validateCreditCode("91350100M000100Y44"), /check character does not match/);
  assertRefused(validateCreditCode("91350100M000010Y43"), /check character/); // two characters swapped
  const withCheck = (first17: string) => first17 + creditCodeCheckCharacter(first17);
  assertRefused(validateCreditCode(withCheck("B1350100M000100Y4")), /registration authority B .* not defined/);
  assertRefused(validateCreditCode(withCheck("94350100M000100Y4")), /organisation type 4 .* authority 9/);
  assertRefused(validateCreditCode(withCheck("Y2350100M000100Y4")), /organisation type 2 .* authority Y/);
  assertRefused(validateCreditCode(withCheck("9135A100M000100Y4")), /characters 3–8 must be a 6-digit division code/);
  assertRefused(validateCreditCode(withCheck("91990100M000100Y4")), /starts with 99, which is not a Chinese province/);
});

Deno.test("bodies registered at national level carry division code 100000", () => {
  const first17 = "12100000400009100";
  const code = first17 + creditCodeCheckCharacter(first17);
  assertAccepted(validateCreditCode(code), code);
});
