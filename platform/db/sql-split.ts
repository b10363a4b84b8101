/**
 * Splits a migration file into statements. PGlite's extended-protocol queries take one statement at a time,
 * so migrations are run statement by statement on both databases. Quotes, dollar-quoted bodies and comments
 * are respected, so functions and DO blocks survive intact.
 */
export function splitSqlStatements(source: string): string[] {
  const statements: string[] = [];
  let current = "";
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    const next = source[i + 1];
    if (ch === "-" && next === "-") {
      const end = source.indexOf("\n", i);
      i = end === -1 ? source.length : end + 1;
      current += "\n";
      continue;
    }
    if (ch === "/" && next === "*") {
      const end = source.indexOf("*/", i + 2);
      if (end === -1) throw new Error("unterminated /* comment in SQL");
      i = end + 2;
      current += " ";
      continue;
    }
    if (ch === "'" || ch === '"') {
      let j = i + 1;
      while (j < source.length) {
        if (source[j] === ch && source[j + 1] === ch) j += 2;
        else if (source[j] === ch) break;
        else j++;
      }
      if (j >= source.length) {
        throw new Error(`unterminated ${ch} quote in SQL`);
      }
      current += source.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (ch === "$") {
      const tag = /^\$[A-Za-z_]*\$/.exec(source.slice(i, i + 64));
      if (tag) {
        const end = source.indexOf(tag[0], i + tag[0].length);
        if (end === -1) throw new Error(`unterminated ${tag[0]} body in SQL`);
        current += source.slice(i, end + tag[0].length);
        i = end + tag[0].length;
        continue;
      }
    }
    if (ch === ";") {
      if (current.trim()) statements.push(current.trim());
      current = "";
      i++;
      continue;
    }
    current += ch;
    i++;
  }
  if (current.trim()) statements.push(current.trim());
  return statements;
}
