import assert from "node:assert/strict";
import { DEFAULT_MASK_CONFIG, maskConfigSchema, parseMaskConfig } from "./mask-config.ts";

Deno.test("the defaults are the conventions of the domain", () => {
  assert.deepEqual(DEFAULT_MASK_CONFIG, {
    maskChar: "*",
    phone: { keepStart: 3, keepEnd: 4 },
    idNumber: { keepStart: 6, keepEnd: 4 },
    creditCode: { keepStart: 8, keepEnd: 4 },
    plate: { keepStart: 2, keepEnd: 2 },
    bankCard: { keepStart: 0, keepEnd: 4 },
    name: { keepSurname: true, keepEnd: 0 },
    email: { keepStart: 1 },
    address: { keepLevel: "district" },
  });
  assert.deepEqual(parseMaskConfig({}), DEFAULT_MASK_CONFIG);
  assert.deepEqual(parseMaskConfig(undefined), DEFAULT_MASK_CONFIG);
});

Deno.test("a partial configuration is completed with the defaults", () => {
  const config = parseMaskConfig({ phone: { keepEnd: 2 }, bankCard: { keepStart: 6 } });
  assert.deepEqual(config.phone, { keepStart: 3, keepEnd: 2 });
  assert.deepEqual(config.bankCard, { keepStart: 6, keepEnd: 4 });
  assert.deepEqual(config.idNumber, DEFAULT_MASK_CONFIG.idNumber);
});

Deno.test("configurations that would show too much, or make no sense, are refused naming the setting", () => {
  assert.throws(
    () => parseMaskConfig({ phone: { keepStart: 7 } }),
    /phone\.keepStart may be at most 3 \(the middle four digits stay hidden\)/,
  );
  assert.throws(
    () => parseMaskConfig({ idNumber: { keepStart: 14 } }),
    /idNumber\.keepStart .* birth date stays hidden/,
  );
  assert.throws(() => parseMaskConfig({ idNumber: { keepEnd: 5 } }), /idNumber\.keepEnd may be at most 4/);
  assert.throws(() => parseMaskConfig({ bankCard: { keepStart: 8 } }), /bankCard\.keepStart may be at most 6/);
  assert.throws(() => parseMaskConfig({ name: { keepEnd: 2 } }), /name\.keepEnd may be at most 1/);
  assert.throws(() => parseMaskConfig({ plate: { keepEnd: -1 } }), /plate\.keepEnd must be 0 or more/);
  assert.throws(() => parseMaskConfig({ plate: { keepEnd: 1.5 } }), /plate\.keepEnd must be a whole number/);
  assert.throws(() => parseMaskConfig({ plate: { keepEnd: "2" } }), /plate\.keepEnd must be a number/);
  assert.throws(() => parseMaskConfig({ name: { keepSurname: "yes" } }), /name\.keepSurname must be true or false/);
  assert.throws(() => parseMaskConfig({ maskChar: "**" }), /maskChar must be exactly one character/);
  assert.throws(
    () => parseMaskConfig({ address: { keepLevel: "street" } }),
    /address\.keepLevel must be one of none, province, city, district/,
  );
  assert.throws(() => parseMaskConfig({ passport: {} }), /unknown setting "passport"/);
  assert.throws(() => parseMaskConfig({ phone: { keepMiddle: 1 } }), /phone: unknown setting "keepMiddle"/);
  assert.throws(() => parseMaskConfig("hide everything"), /masking configuration must be an object/);
  // Every problem is reported at once.
  assert.throws(
    () => parseMaskConfig({ phone: { keepStart: 9 }, email: { keepStart: 9 } }),
    /phone\.keepStart .*; email\.keepStart/,
  );
});

Deno.test("the schema can be embedded in a larger tenant settings schema", () => {
  assert.deepEqual(maskConfigSchema.parse({ maskChar: "#" }).maskChar, "#");
});
