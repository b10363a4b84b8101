/** Coupon codes: unguessable, readable, and a mistyped code is caught before it is looked up. */
import assert from "node:assert/strict";
import { CODE_LENGTH, formatCouponCode, maskCouponCode, newCouponCode, normalizeCouponCode } from "./code.ts";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

Deno.test("coupon codes: 14 Crockford characters, different every time, each passing its own check", () => {
  const codes = new Set<string>();
  for (let i = 0; i < 20_000; i++) {
    const code = newCouponCode();
    assert.equal(code.length, CODE_LENGTH);
    assert.match(code, /^[0-9A-HJKMNP-TV-Z]{14}$/);
    assert.equal(normalizeCouponCode(code), code);
    codes.add(code);
  }
  assert.equal(codes.size, 20_000, "no two alike");
  // 13 random characters of 5 bits: at least 60 bits, as the issue asks; every symbol is drawn in every position.
  assert.ok((CODE_LENGTH - 1) * Math.log2(ALPHABET.length) >= 60);
  const firsts = new Set([...codes].map((code) => code[0]));
  assert.equal(firsts.size, 32);
});

Deno.test("coupon codes: typed with dashes, spaces, lower case and look-alike letters, they still read", () => {
  const code = newCouponCode();
  const typed = formatCouponCode(code).toLowerCase().replace(/0/g, "o").replace(/1/g, "l");
  assert.match(formatCouponCode(code), /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}$/);
  assert.equal(normalizeCouponCode(typed), code);
  assert.equal(normalizeCouponCode(` ${code.slice(0, 7)} ${code.slice(7)} `), code);
  assert.equal(maskCouponCode(code), `****-${code.slice(-4)}`);
  assert.equal(normalizeCouponCode(code.slice(1)), undefined, "too short");
  assert.equal(normalizeCouponCode(`${code}0`), undefined, "too long");
  assert.equal(normalizeCouponCode(code.slice(0, -1) + "U"), undefined, "U is not a code character");
});

Deno.test("coupon codes: every single wrong character and every swap of neighbours is refused", () => {
  for (let round = 0; round < 30; round++) {
    const code = newCouponCode();
    for (let i = 0; i < code.length; i++) {
      for (const symbol of ALPHABET) {
        if (symbol === code[i]) continue;
        const typo = code.slice(0, i) + symbol + code.slice(i + 1);
        assert.equal(normalizeCouponCode(typo), undefined, `${typo} (one character off ${code})`);
      }
    }
    for (let i = 0; i + 1 < code.length; i++) {
      if (code[i] === code[i + 1]) continue;
      const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
      assert.equal(normalizeCouponCode(swapped), undefined, `${swapped} (neighbours of ${code} swapped)`);
    }
  }
});
