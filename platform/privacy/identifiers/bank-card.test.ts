import { validateBankCard } from "./bank-card.ts";
import { assertAccepted, assertRefused } from "./validation-asserts.ts";

Deno.test("bank card numbers that pass Luhn are accepted, separators removed", () => {
  assertAccepted(validateBankCard("6222021234567890128"), "6222021234567890128");
  assertAccepted(validateBankCard("6228 4804 0256 4890 018"), "6228480402564890018");
  assertAccepted(validateBankCard("6217-0027-1000-0684-874"), "6217002710000684874");
  assertAccepted(validateBankCard("4111 1111 1111 1111"), "4111111111111111");
  assertAccepted(validateBankCard("６２１７００２７１００００６８４８７４"), "6217002710000684874");
});

Deno.test("bank card numbers are refused with the reason", () => {
  assertRefused(validateBankCard(""), /empty/);
  assertRefused(validateBankCard("6222021234567890127"), /check digit \(Luhn\)/);
  assertRefused(validateBankCard("6222021234568790128"), /Luhn/); // two digits swapped
  assertRefused(validateBankCard("62220212345"), /12–19 digits \(got 11\)/);
  assertRefused(validateBankCard("62220212345678901280"), /12–19 digits \(got 20\)/);
  assertRefused(validateBankCard("6222 0212 3456 789O"), /only digits, spaces and dashes/);
  assertRefused(validateBankCard("6222/0212/3456/7890"), /only digits/);
});
