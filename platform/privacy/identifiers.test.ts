import assert from "node:assert/strict";
import { z } from "zod";
import { normalise, PII_TYPES, piiSchema, PiiValidationError, validate } from "./identifiers.ts";

const SAMPLES = {
  phone: ["+86 138-0013-8000", "13800138000"],
  idNumber: ["11010519491231002x", "11010519491231002X"],
  creditCode: ["91350100m000100y43", "91350100M000100Y43"],
  plate: ["苏C·12345", "苏C12345"],
  name: ["阿卜杜拉•买买提", "阿卜杜拉·买买提"],
  bankCard: ["6222 0212 3456 7890 128", "6222021234567890128"],
  email: ["Zhang.San@163.COM", "zhang.san@163.com"],
  address: [" 江苏省徐州市云龙区  中山北路1号 ", "江苏省徐州市云龙区 中山北路1号"],
  birthDate: ["1990/3/15", "1990-03-15"],
} as const;

Deno.test("validate dispatches on the type and returns the normalised value", () => {
  for (const type of PII_TYPES) {
    const [raw, normalised] = SAMPLES[type];
    assert.deepEqual(validate(type, raw), { ok: true, value: normalised }, type);
  }
});

Deno.test("validate refuses what is not text, naming the kind of value", () => {
  assert.deepEqual(validate("phone", 13800138000), { ok: false, message: "mobile number must be text" });
  assert.deepEqual(validate("idNumber", null), { ok: false, message: "resident ID number must be text" });
  assert.throws(() => validate("passport" as never, "E12345678"), /unknown personal information type "passport"/);
});

Deno.test("normalise returns the value or throws PiiValidationError with the validator's message", () => {
  assert.equal(normalise("plate", "苏c·d12345"), "苏CD12345");
  assert.throws(
    () => normalise("phone", "12345"),
    (error) =>
      error instanceof PiiValidationError && error.type === "phone" && /11 digits \(got 5\)/.test(error.message),
  );
});

Deno.test("piiSchema gives API schemas the same normal form and the same messages", () => {
  const member = z.object({ phone: piiSchema("phone"), plate: piiSchema("plate").optional() });
  assert.deepEqual(member.parse({ phone: "+86 138 0013 8000", plate: "苏C·12345" }), {
    phone: "13800138000",
    plate: "苏C12345",
  });
  const refused = member.safeParse({ phone: "12800138000", plate: "苏C12O45" });
  assert.equal(refused.success, false);
  assert.deepEqual(
    refused.error!.issues.map((issue) => [issue.path.join("."), issue.message]),
    [
      ["phone", "mobile number's second digit must be 3–9 (got 2)"],
      ["plate", "licence plates never use the letters I and O"],
    ],
  );
  const notText = member.safeParse({ phone: 13800138000 });
  assert.equal(notText.error!.issues[0].message, "mobile number must be text");
  assert.equal(piiSchema("phone"), piiSchema("phone"), "schemas are built once per type");
});
