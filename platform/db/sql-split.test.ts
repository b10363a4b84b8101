import assert from "node:assert/strict";
import { splitSqlStatements } from "./sql-split.ts";

Deno.test("splits on semicolons outside quotes, bodies and comments", () => {
  const sql = `
    -- a comment; with a semicolon
    create table a (x text default 'a;b', "we;ird" int);
    /* block; comment */
    create function f() returns int language plpgsql as $fn$ begin return 1; end $fn$;
    do $$ begin perform 1; end $$;
    insert into a values ('it''s; fine', 1)
  `;
  const statements = splitSqlStatements(sql);
  assert.equal(statements.length, 4);
  assert.match(
    statements[0],
    /^create table a \(x text default 'a;b', "we;ird" int\)$/,
  );
  assert.match(statements[1], /begin return 1; end \$fn\$$/);
  assert.match(statements[2], /^do \$\$ begin perform 1; end \$\$$/);
  assert.equal(statements[3], "insert into a values ('it''s; fine', 1)");
});

Deno.test("unterminated quotes and bodies are reported, not silently joined", () => {
  assert.throws(
    () => splitSqlStatements("select 'open"),
    /unterminated ' quote/,
  );
  assert.throws(
    () => splitSqlStatements("do $$ begin"),
    /unterminated \$\$ body/,
  );
  assert.throws(
    () => splitSqlStatements("/* open"),
    /unterminated \/\* comment/,
  );
});
