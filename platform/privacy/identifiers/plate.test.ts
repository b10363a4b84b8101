import { validatePlate } from "./plate.ts";
import { assertAccepted, assertRefused } from "./validation-asserts.ts";

Deno.test("ordinary plates are accepted with or without the middle dot", () => {
  assertAccepted(validatePlate("苏C12345"), "苏C12345");
  assertAccepted(validatePlate("苏C·12345"), "苏C12345");
  assertAccepted(validatePlate("苏C•12345"), "苏C12345");
  assertAccepted(validatePlate("苏C・12345"), "苏C12345");
  assertAccepted(validatePlate("苏c 12345"), "苏C12345");
  assertAccepted(validatePlate("京A-8B8B8"), "京A8B8B8");
  assertAccepted(validatePlate("沪ＡＢ１２３４"), "沪AB1234"); // full-width, as some plate cameras send them
  assertAccepted(validatePlate("苏CD1234"), "苏CD1234"); // five characters: an ordinary plate that starts with D
  assertAccepted(validatePlate("苏C1234学"), "苏C1234学");
  assertAccepted(validatePlate("粤Z·1234港"), "粤Z1234港");
  assertAccepted(validatePlate("苏C1234挂"), "苏C1234挂");
});

Deno.test("new-energy plates follow the D/F rules", () => {
  assertAccepted(validatePlate("苏CD12345"), "苏CD12345"); // small, battery electric
  assertAccepted(validatePlate("苏C·D12345"), "苏CD12345");
  assertAccepted(validatePlate("粤BF12345"), "粤BF12345"); // small, hybrid
  assertAccepted(validatePlate("京AFA1234"), "京AFA1234"); // small, letter in the second place
  assertAccepted(validatePlate("苏C12345D"), "苏C12345D"); // large (bus, lorry)
  assertAccepted(validatePlate("川A·12345F"), "川A12345F");
});

Deno.test("plates are refused with the reason", () => {
  assertRefused(validatePlate(""), /empty/);
  assertRefused(validatePlate("AC12345"), /province abbreviation/);
  assertRefused(validatePlate("港C12345"), /province abbreviation/);
  assertRefused(validatePlate("苏112345"), /second character must be the letter of the issuing office/);
  assertRefused(validatePlate("苏"), /second character/);
  assertRefused(validatePlate("苏C1234"), /5 characters after the office letter, or 6 .* \(got 4\)/);
  assertRefused(validatePlate("苏C1234567"), /\(got 7\)/);
  assertRefused(validatePlate("苏C12O45"), /never use the letters I and O/);
  assertRefused(validatePlate("苏I12345"), /I and O/);
  assertRefused(validatePlate("苏C12#45"), /only letters and digits after the office letter/);
  assertRefused(validatePlate("苏C12学45"), /only letters and digits/);
  assertRefused(validatePlate("苏CDAB123"), /D or F, then a letter or digit, then four digits/);
  assertAccepted(validatePlate("苏CDA1234"), "苏CDA1234");
  assertRefused(validatePlate("苏CD1A345"), /small new-energy plate/);
  assertRefused(validatePlate("苏C1234AD"), /five digits, then D or F/);
  assertRefused(validatePlate("苏C123456"), /must start or end with D or F/);
});
