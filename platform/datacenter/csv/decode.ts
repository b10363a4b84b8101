/**
 * Turns an uploaded CSV file's bytes into text. Chinese spreadsheets arrive in three encodings: "CSV UTF-8" from
 * current Excel (with a byte order mark), plain UTF-8 from other tools, and GBK from Excel's classic "CSV" on a
 * Chinese Windows. GB18030 is the superset of GBK (and GB2312), so it decodes all of them. A file that is valid
 * UTF-8 is read as UTF-8; GBK bytes are almost never valid UTF-8, so trying UTF-8 first and falling back is safe.
 * Browser-safe (TextDecoder only): the import page previews a file with the same code the server reads it with.
 */

export type CsvEncoding = "utf-8" | "gb18030" | "utf-16le";

export class CsvDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CsvDecodeError";
  }
}

const GB_NAMES = new Set(["gbk", "gb2312", "gb18030", "x-gbk", "cp936", "windows-936"]);

/** The charset parameter of a Content-Type header, lower-cased ("text/csv; charset=GBK" → "gbk"). */
export function charsetOf(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? "");
  return match?.[1].toLowerCase();
}

function strict(encoding: CsvEncoding, bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Decodes the file. A declared charset (utf-8 or a GB name) is followed; otherwise the byte order mark decides,
 * then UTF-8 if the bytes are valid UTF-8, else GB18030. The byte order mark is never part of the text.
 */
export function decodeCsv(bytes: Uint8Array, declared?: string): { text: string; encoding: CsvEncoding } {
  const utf8Bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const utf16Bom = bytes[0] === 0xff && bytes[1] === 0xfe;
  let order: CsvEncoding[];
  if (declared && GB_NAMES.has(declared)) order = ["gb18030"];
  else if (declared === "utf-8" || declared === "utf8" || utf8Bom) order = ["utf-8"];
  else if (declared === "utf-16le" || utf16Bom) order = ["utf-16le"];
  else order = ["utf-8", "gb18030"];
  for (const encoding of order) {
    const text = strict(encoding, bytes);
    if (text !== undefined) return { text: text.replace(/^\uFEFF/, ""), encoding };
  }
  throw new CsvDecodeError(
    declared
      ? `the file is not valid ${declared}; save it as "CSV UTF-8" and try again`
      : 'the file is neither UTF-8 nor GBK text; save it as "CSV UTF-8" and try again',
  );
}
