/**
 * Coupon codes: what the member shows (as text and as a QR code) and the cashier scans or types. A code is a bearer
 * token — whoever holds it can use the coupon — so it is 13 random Crockford base32 characters (65 bits: guessing
 * one code of a district with a million live coupons takes ~2^45 tries) and a check character, so a mistyped code
 * is refused at the till before it is looked up.
 *
 * The check character is Crockford's: the code's value modulo 37, which catches every single wrong character and
 * every swap of two neighbours. Crockford spells the values 32–36 with `*~$=U`, awkward to type and to read aloud,
 * so codes whose value falls there are drawn again: every code is letters and digits only.
 */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const RANDOM_LENGTH = 13;
export const CODE_LENGTH = RANDOM_LENGTH + 1;

function checkValue(symbols: string): number {
  let remainder = 0;
  for (const symbol of symbols) remainder = (remainder * 32 + ALPHABET.indexOf(symbol)) % 37;
  return remainder;
}

/** A new random code, 14 characters. */
export function newCouponCode(): string {
  for (;;) {
    // 256 is a multiple of 32, so `byte & 31` is uniform.
    const body = Array.from(crypto.getRandomValues(new Uint8Array(RANDOM_LENGTH)), (b) => ALPHABET[b & 31]).join("");
    const check = checkValue(body);
    if (check < 32) return body + ALPHABET[check];
  }
}

/**
 * The code as typed or scanned, in its stored form: upper case, without spaces and dashes, with the letters
 * Crockford reads as digits (O → 0, I and L → 1). Undefined when it is not a well-formed code.
 */
export function normalizeCouponCode(input: string): string | undefined {
  const code = input.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  if (code.length !== CODE_LENGTH || [...code].some((c) => !ALPHABET.includes(c))) return undefined;
  const check = checkValue(code.slice(0, RANDOM_LENGTH));
  return ALPHABET[check] === code[RANDOM_LENGTH] ? code : undefined;
}

/** For people: groups of four, `ABCD-EFGH-JKMN-PQ`. */
export function formatCouponCode(code: string): string {
  return code.match(/.{1,4}/g)!.join("-");
}

/** What staff lists show of a code they do not need in full: the last four characters. */
export function maskCouponCode(code: string): string {
  return `****-${code.slice(-4)}`;
}
