import { validateAddress } from "./address.ts";
import { assertAccepted, assertRefused } from "./validation-asserts.ts";

Deno.test("addresses are accepted with whitespace collapsed", () => {
  assertAccepted(validateAddress("江苏省徐州市云龙区中山北路123号"), "江苏省徐州市云龙区中山北路123号");
  assertAccepted(validateAddress("  北京市 朝阳区\n三里屯路19号  "), "北京市 朝阳区 三里屯路19号");
  assertAccepted(validateAddress("重庆市渝中区民族路188号　来福士"), "重庆市渝中区民族路188号 来福士");
  assertAccepted(
    validateAddress("Room 1203, 88 Jianguo Road, Chaoyang, Beijing"),
    "Room 1203, 88 Jianguo Road, Chaoyang, Beijing",
  );
  assertAccepted(validateAddress("１２号楼３单元"), "12号楼3单元");
});

Deno.test("addresses are refused with the reason", () => {
  assertRefused(validateAddress(""), /empty/);
  assertRefused(validateAddress("   "), /empty/);
  assertRefused(validateAddress("徐州"), /too short \(at least 4 characters, got 2\)/);
  assertRefused(validateAddress("路".repeat(201)), /too long \(at most 200 characters, got 201\)/);
  assertRefused(validateAddress("12345678"), /must contain words/);
  assertRefused(validateAddress("北京市\u0000朝阳区"), /control characters/);
});
