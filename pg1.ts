import { PGlite } from "@electric-sql/pglite";
let t = performance.now();
const db = new PGlite();
await db.waitReady;
console.log("init ms", performance.now() - t);
await db.exec(
  `create role app nologin nobypassrls; create schema core; create table core.t (tenant_id uuid, v int, primary key (tenant_id, v));
alter table core.t enable row level security; alter table core.t force row level security;
create policy p on core.t using (tenant_id = nullif(current_setting('app.tenant_id', true),'')::uuid);
grant usage on schema core to app; grant select, insert on core.t to app;
insert into core.t values ('00000000-0000-0000-0000-000000000001', 1), ('00000000-0000-0000-0000-000000000002', 2);`,
);
const r = await db.transaction(async (tx) => {
  await tx.query("set local role app");
  await tx.query("select set_config('app.tenant_id', $1, true)", [
    "00000000-0000-0000-0000-000000000001",
  ]);
  return (await tx.query("select * from core.t")).rows;
});
console.log(
  r,
  (await db.query(
    "select current_user, current_setting('app.tenant_id', true) as s",
  )).rows,
);
t = performance.now();
const dump = await db.dumpDataDir("gzip");
console.log("dump ms", performance.now() - t, dump.size);
t = performance.now();
const db2 = new PGlite({ loadDataDir: dump });
await db2.waitReady;
console.log(
  "load ms",
  performance.now() - t,
  (await db2.query("select count(*) from core.t")).rows,
);
t = performance.now();
const db3 = new PGlite({ loadDataDir: dump });
await db3.waitReady;
console.log("load2 ms", performance.now() - t);
console.log(Deno.memoryUsage());
