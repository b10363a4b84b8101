import assert from "node:assert/strict";
import { concatBytes, fromBase64, fromUtf8, toBase32, toBase64, toBase64Url, utf8 } from "./bytes.ts";

Deno.test("base64 round-trips, standard and URL-safe", () => {
  const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
  assert.deepEqual(fromBase64(toBase64(bytes)), bytes);
  assert.deepEqual(fromBase64(toBase64Url(bytes)), bytes);
  assert.equal(toBase64(utf8("苏C12345")), "6IuPQzEyMzQ1");
  assert.equal(toBase64Url(Uint8Array.of(0xfb, 0xff)), "-_8");
  assert.deepEqual(fromBase64("-_8"), Uint8Array.of(0xfb, 0xff));
  assert.deepEqual(fromBase64(""), new Uint8Array());
});

Deno.test("text that is not base64 is refused", () => {
  assert.equal(fromBase64("not base64!"), undefined);
  assert.equal(fromBase64("abcde"), undefined); // one character too many for any byte count
  assert.equal(fromBase64("ab=c"), undefined);
});

Deno.test("base32 follows RFC 4648 (lower case, no padding)", () => {
  const vectors: [string, string][] = [["", ""], ["f", "my"], ["fo", "mzxq"], ["foo", "mzxw6"], [
    "foobar",
    "mzxw6ytboi",
  ]];
  for (const [clear, encoded] of vectors) assert.equal(toBase32(utf8(clear)), encoded);
});

Deno.test("utf8 and concat", () => {
  assert.equal(fromUtf8(concatBytes(utf8("欧阳"), utf8("娜娜"))), "欧阳娜娜");
  assert.throws(() => fromUtf8(Uint8Array.of(0xff)));
});
