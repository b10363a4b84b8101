/** Reading and writing spreadsheet CSV: quoting, delimiters, row numbers, encodings, cells, local times. */
import assert from "node:assert/strict";
import { paymentMethod, wholeNumber, yesNo, yuanAsFen } from "./cells.ts";
import { decodeCsv } from "./decode.ts";
import { cellTime, localTimeText } from "./local-time.ts";
import { CsvSyntaxError, parseCsv } from "./parse.ts";
import { csvLine, yuan } from "./write.ts";

const ctx = { timeZone: "Asia/Shanghai" };

Deno.test("records keep the row a spreadsheet shows, across quoted line breaks, CRLF and tabs", () => {
  const text = 'a,b\r\n"x, y","say ""hi""\nthere"\r\n\r\nlast,\n';
  assert.deepEqual(parseCsv(text), [
    { row: 1, cells: ["a", "b"] },
    { row: 2, cells: ["x, y", 'say "hi"\nthere'] },
    { row: 3, cells: [""] },
    { row: 4, cells: ["last", ""] },
  ]);
  assert.deepEqual(parseCsv("a\tb\n1\t2,5").map((r) => r.cells), [["a", "b"], ["1", "2,5"]], "tab-separated");
  assert.deepEqual(parseCsv("a,b\n1,2\n3,4", { limit: 2 }).length, 2);
  assert.throws(() => parseCsv('a\n"open'), (e: unknown) => e instanceof CsvSyntaxError && e.row === 2);
  assert.throws(() => parseCsv('a\n"x"y'), CsvSyntaxError);
});

Deno.test("UTF-8 with or without BOM, GBK, and UTF-16 with BOM are read; a declared charset is followed", () => {
  const utf8 = new TextEncoder().encode("\uFEFF金额\n1");
  assert.deepEqual(decodeCsv(utf8), { text: "金额\n1", encoding: "utf-8" });
  const gbk = new Uint8Array([0xbd, 0xf0, 0xb6, 0xee, 0x0a, 0x31]);
  assert.deepEqual(decodeCsv(gbk), { text: "金额\n1", encoding: "gb18030" });
  assert.deepEqual(decodeCsv(gbk, "gbk").text, "金额\n1");
  const utf16 = new Uint8Array([0xff, 0xfe, 0xd1, 0x91, 0x9d, 0x98]);
  assert.deepEqual(decodeCsv(utf16), { text: "金额", encoding: "utf-16le" });
  assert.throws(() => decodeCsv(gbk, "utf-8"), /not valid utf-8/);
});

Deno.test("cells: yuan read exactly, counts, yes and no, payment names", () => {
  const value = (r: { ok: boolean; value?: unknown }) => r.ok ? r.value : "refused";
  assert.equal(value(yuanAsFen("¥1,280.50", ctx)), 128_050);
  assert.equal(value(yuanAsFen("0.1", ctx)), 10);
  assert.equal(value(yuanAsFen("19.99", ctx)), 1_999, "no float rounding");
  assert.equal(value(yuanAsFen("", ctx)), undefined);
  for (const bad of ["12.345", "-5", "1,23", "abc", "1.2.3"]) assert.equal(value(yuanAsFen(bad, ctx)), "refused", bad);
  assert.equal(value(wholeNumber("1,200", ctx)), 1_200);
  assert.equal(value(wholeNumber("1.5", ctx)), "refused");
  assert.deepEqual(["是", "TRUE", "1", "否", "no", ""].map((v) => value(yesNo(v, ctx))), [
    true,
    true,
    true,
    false,
    false,
    undefined,
  ]);
  assert.deepEqual(["微信支付", "支付宝", "数币", "刷卡", "CASH"].map((v) => value(paymentMethod(v, ctx))), [
    "wechat",
    "alipay",
    "ecny",
    "card",
    "cash",
  ]);
});

Deno.test("local times are the district's wall clock, daylight saving included; ISO with an offset stays", () => {
  assert.deepEqual(cellTime("2026/3/1 9:05", "Asia/Shanghai"), { ok: true, iso: "2026-03-01T09:05:00+08:00" });
  assert.deepEqual(cellTime("2026-07-01 12:00:30", "Europe/Berlin"), { ok: true, iso: "2026-07-01T12:00:30+02:00" });
  assert.deepEqual(cellTime("2026-01-01 12:00", "Europe/Berlin"), { ok: true, iso: "2026-01-01T12:00:00+01:00" });
  assert.deepEqual(cellTime("2026-03-01T09:05:00Z", "Asia/Shanghai"), { ok: true, iso: "2026-03-01T09:05:00Z" });
  for (const bad of ["2026-02-30 10:00", "2026-03-01 24:00", "2026-03-01", "tomorrow"]) {
    assert.equal(cellTime(bad, "Asia/Shanghai").ok, false, bad);
  }
  assert.equal(localTimeText(new Date("2026-03-01T01:05:00Z"), "Asia/Shanghai"), "2026-03-01 09:05:00");
});

Deno.test("written cells: quotes where needed, formulas neutralised, numbers as numbers, yuan exact", () => {
  assert.equal(
    csvLine(["a,b", 'say "hi"', "=SUM(A1)", "+1", "@x", "-12.50", 7, null]),
    '"a,b","say ""hi""",\'=SUM(A1),\'+1,\'@x,-12.50,7,\r\n',
  );
  assert.deepEqual([yuan(12_850), yuan(5), yuan(-2_000), yuan(0)], ["128.50", "0.05", "-20.00", "0.00"]);
});
