import { validatePhone } from "./phone.ts";
import { assertAccepted, assertRefused } from "./validation-asserts.ts";

Deno.test("mobile numbers in the shapes people type them become 11 digits", () => {
  for (
    const raw of [
      "13800138000",
      "138 0013 8000",
      "138-0013-8000",
      "+86 138 0013 8000",
      "+86-13800138000",
      "8613800138000",
      "008613800138000",
      "(+86) 138 0013 8000",
      "１３８００１３８０００", // full-width digits from a Chinese input method
      " 13800138000 ",
    ]
  ) assertAccepted(validatePhone(raw), "13800138000");
  assertAccepted(validatePhone("19912345678"), "19912345678");
  assertAccepted(validatePhone("17012345678"), "17012345678");
});

Deno.test("mobile numbers that cannot be a mainland mobile are refused with the reason", () => {
  assertRefused(validatePhone(""), /empty/);
  assertRefused(validatePhone("   "), /empty/);
  assertRefused(validatePhone("1380013800"), /11 digits \(got 10\)/);
  assertRefused(validatePhone("138001380001"), /11 digits \(got 12\)/);
  assertRefused(validatePhone("025-83123456"), /start with 1/); // a Nanjing landline
  assertRefused(validatePhone("025-8312345"), /11 digits \(got 10\)/);
  assertRefused(validatePhone("23800138000"), /start with 1/);
  assertRefused(validatePhone("12800138000"), /second digit must be 3–9 \(got 2\)/);
  assertRefused(validatePhone("10086123456"), /second digit must be 3–9 \(got 0\)/);
  assertRefused(validatePhone("138o0138000"), /only digits, spaces, dashes and a \+86 prefix/);
  assertRefused(validatePhone("138.0013.8000"), /only digits/);
  assertRefused(validatePhone("+852 9123 4567"), /mainland China number \(\+86\)/);
  assertRefused(validatePhone("+1 415 555 0100"), /mainland China/);
  assertRefused(validatePhone("+86 138 0013 800"), /11 digits \(got 10\)/);
  assertRefused(validatePhone("0086 138 0013 80000"), /11 digits \(got 12\)/);
});
