/**
 * `deno task bench:dashboard`: how fast the data center's dashboard query answers for one district when the
 * database holds millions of raw events, compared in the same run with (1) the same numbers aggregated from the raw
 * tables and (2) the same SQL without row-level security. The machines are noisy, so the figures that matter are
 * the ratios; see docs/performance.md.
 *
 * It creates and drops its own database on the server of DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/test, used as the admin URL), migrates it and provisions the districts and
 * their stores through the real functions. The raw events are generated in PostgreSQL (generate_series, as the
 * admin user, with the tables' indexes rebuilt afterwards, which is how a bulk load is done), then the real rollup
 * (`rollupTenant`, what the rollup job runs) fills core.metric_rollups district by district. The dashboard is a
 * 30-day hourly range of footfall and of sales for one district, read with the real `footfallSeries` and
 * `salesSeries` through `withTenant` (application role, row-level security on), as the metrics routes do.
 */
import { type RawBuilder, sql } from "kysely";
import pg from "pg";
import { allMigrations } from "../../platform/db/all-migrations.ts";
import { type Database, openDatabase } from "../../platform/db/database.ts";
import { migrate } from "../../platform/db/migrations.ts";
import { PLATFORM_ROLE } from "../../platform/db/roles.ts";
import { type TenantTx, withTenant } from "../../platform/db/tenant.ts";
import { coreIngestRegistry } from "../../platform/datacenter/core-types.ts";
import {
  districtSalesSql,
  type FootfallBucket,
  footfallSeries,
  type MetricRange,
  type SalesBucket,
  salesBuckets,
  type SalesRow,
  salesSeries,
  seriesSql,
} from "../../platform/datacenter/metrics.ts";
import { rollupTenant } from "../../platform/datacenter/rollup.ts";
import { provisionTenants } from "../../platform/identity/provision.ts";
import { uuidv7 } from "../../platform/ids.ts";
import { dependencyOrder } from "../../platform/plugins/validate.ts";
import { installedPlugins } from "../../plugins/mod.ts";
import { createEmptyPostgresDatabase } from "../../tests/support/test-db.ts";
import { BenchArgsError, DEFAULT_ADMIN_URL, fmt, parseOptions, positiveInt } from "./cli.ts";

export { BenchArgsError };

export interface DashboardOptions {
  /** Raw events in the database, half sales and half footfall, spread evenly over the districts. */
  events: number;
  tenants: number;
  /** Stores per district. */
  stores: number;
  /** Days of raw events, ending at the current hour; the dashboard reads the last 30. */
  days: number;
  /** Measured runs of each query, after a warm-up of a tenth as many. */
  runs: number;
  /** Districts rolled up at the same time. */
  concurrency: number;
  /** Print the query plans of the dashboard statements, with and without row-level security. */
  explain: boolean;
}

const RANGE_DAYS = 30;

const USAGE =
  `Usage: deno task bench:dashboard [--events N] [--tenants N] [--stores N] [--days N] [--runs N] [--concurrency N]
  --events       raw events in the database, half sales, half footfall (default 10000000)
  --tenants      districts the events are spread over (default 50)
  --stores       stores per district (default 10)
  --days         days of events, ending at the current hour; at least ${RANGE_DAYS} (default 35)
  --runs         measured runs of each query, after a warm-up of a tenth as many (default 200)
  --concurrency  districts rolled up at the same time (default 2)
  --explain      also print the plans (EXPLAIN ANALYZE, BUFFERS) of the dashboard statements, with and without RLS
Environment: DATABASE_URL is the admin URL of the PostgreSQL server (default ${DEFAULT_ADMIN_URL}).`;

/** Parses the command line; throws BenchArgsError (with the usage) for anything it does not understand. */
export function parseDashboardArgs(args: string[]): DashboardOptions {
  const values = parseOptions(args, {
    events: { type: "string" },
    tenants: { type: "string" },
    stores: { type: "string" },
    days: { type: "string" },
    runs: { type: "string" },
    concurrency: { type: "string" },
    explain: { type: "boolean" },
  }, USAGE);
  const options = {
    events: positiveInt("events", values.events, 10_000_000, 1_000_000_000),
    tenants: positiveInt("tenants", values.tenants, 50, 1_000),
    stores: positiveInt("stores", values.stores, 10, 1_000),
    days: positiveInt("days", values.days, 35, 3_650),
    runs: positiveInt("runs", values.runs, 200, 100_000),
    concurrency: positiveInt("concurrency", values.concurrency, 2, 64),
    explain: values.explain === true,
  };
  if (options.days < RANGE_DAYS) throw new BenchArgsError(`--days must be at least ${RANGE_DAYS}\n${USAGE}`);
  if (options.events < 2 * options.tenants) {
    throw new BenchArgsError(`--events must be at least two per district\n${USAGE}`);
  }
  return options;
}

interface District {
  tenantId: string;
  stores: string[];
}

async function setUp(database: Database, options: DashboardOptions): Promise<District[]> {
  await migrate(database.db, await allMigrations(dependencyOrder(installedPlugins)));
  const slugs = Array.from({ length: options.tenants }, (_, i) => `bench-${String(i + 1).padStart(4, "0")}`);
  const report = await provisionTenants(database.db, {
    plans: [{ id: "bench-plan", name: { zh: "压测版", en: "Benchmark plan" }, plugins: [] }],
    tenants: slugs.map((slug, i) => ({
      slug,
      name: { zh: `压测商圈${i + 1}`, en: `Benchmark district ${i + 1}` },
      city: "徐州市",
      plan: "bench-plan",
      timeZone: "Asia/Shanghai",
      plugins: [],
    })),
  });
  const districts: District[] = [];
  for (const slug of slugs) {
    const tenantId = report.tenantIds[slug];
    const stores = Array.from({ length: options.stores }, () => uuidv7());
    await withTenant(
      database.db,
      tenantId,
      (tx) =>
        tx.insertInto("core.organisations")
          .values(stores.map((id, i) => ({ tenant_id: tenantId, id, kind: "store", name: `压测门店${i + 1}` })))
          .execute(),
    );
    districts.push({ tenantId, stores });
  }
  return districts;
}

/**
 * Runs `load` on a table without its primary key and indexes and builds them again afterwards, from their own
 * definitions: the usual way to bulk-load, many times faster than maintaining the indexes row by row.
 */
async function withoutIndexes(owner: pg.Client, table: string, load: () => Promise<void>): Promise<void> {
  const constraints = (await owner.query<{ name: string; def: string }>(
    `select conname as name, pg_get_constraintdef(oid) as def from pg_constraint
      where conrelid = $1::regclass and contype in ('p', 'u')`,
    [table],
  )).rows;
  const indexes = (await owner.query<{ name: string; def: string }>(
    `select indexrelid::regclass::text as name, pg_get_indexdef(indexrelid) as def from pg_index i
      where indrelid = $1::regclass and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`,
    [table],
  )).rows;
  for (const index of indexes) await owner.query(`drop index ${index.name}`);
  for (const c of constraints) await owner.query(`alter table ${table} drop constraint ${c.name}`);
  await load();
  for (const c of constraints) await owner.query(`alter table ${table} add constraint ${c.name} ${c.def}`);
  for (const index of indexes) await owner.query(index.def);
}

/**
 * The raw events, generated in the database: per district, sales spread over its stores and payment methods (one
 * in fifty a refund), and footfall from two counters per floor and one at each store's door, all evenly over the
 * hours of `days` days before `end`, in time order, as senders would have sent them.
 */
async function loadRawEvents(url: string, districts: District[], options: DashboardOptions, end: Date) {
  const perTenant = Math.floor(options.events / options.tenants);
  const sales = Math.floor(perTenant / 2);
  const footfall = perTenant - sales;
  const seconds = options.days * 86_400;
  const start = new Date(end.getTime() - seconds * 1000);
  const districtsTable = `
    create temp table bench_districts as
    select (d->>'tenantId')::uuid as tenant_id, array(select jsonb_array_elements_text(d->'stores'))::uuid[] as stores
      from jsonb_array_elements($1::jsonb) d`;
  // The series runs over bigint, so that its arithmetic cannot overflow however many events a district gets.
  const statements: [string, string, unknown[]][] = [
    [
      "core.sale_events",
      `
      insert into core.sale_events (tenant_id, scope_id, event_id, store_id, receipt_id, amount_fen, refund,
                                    payment_method, at)
      select d.tenant_id, s.store, 's-' || g, s.store, 'r-' || g, 100 + (g * 7919) % 50000, g % 50 = 0,
             case when h < 47 then 'wechat' when h < 80 then 'alipay' when h < 87 then 'cash'
                  when h < 95 then 'card' else 'ecny' end,
             $1::timestamptz + make_interval(secs => g * $2::float8 / $3)
        from bench_districts d cross join generate_series(0, $3::bigint - 1) g
        cross join lateral (select d.stores[(1 + g % cardinality(d.stores))::int] as store, (g * 7907) % 100 as h) s`,
      [
        start,
        seconds,
        sales,
      ],
    ],
    [
      "core.footfall_events",
      `
      insert into core.footfall_events (tenant_id, scope_id, event_id, counter_id, zone, store_id, in_count,
                                        out_count, at)
      select d.tenant_id, d.tenant_id, 'f-' || g, 'counter-' || c.k, (array['1F', '2F', 'B1'])[1 + c.k % 3],
             case when c.k >= 6 then d.stores[c.k - 5] end, 1 + (g * 13) % 40, 1 + (g * 17) % 38,
             $1::timestamptz + make_interval(secs => g * $2::float8 / $3)
        from bench_districts d cross join generate_series(0, $3::bigint - 1) g
        cross join lateral (select (g % (6 + cardinality(d.stores)))::int as k) c`,
      [start, seconds, footfall],
    ],
  ];
  const json = JSON.stringify(districts);
  // The two tables load at the same time, on two connections.
  await Promise.all(statements.map(async ([table, insert, params]) => {
    const owner = new pg.Client({ connectionString: url });
    await owner.connect();
    try {
      await owner.query(districtsTable, [json]);
      await withoutIndexes(owner, table, async () => {
        await owner.query(insert, params);
      });
      await owner.query(`vacuum (analyze) ${table}`);
    } finally {
      await owner.end();
    }
  }));
  return { sales: sales * options.tenants, footfall: footfall * options.tenants };
}

/**
 * The rollup of every district, as the job does it (`rollupTenant` in the district's transaction), repeated for a
 * district until its watermark has passed the load: on a shared server another database's open transaction can
 * hold the watermark back for a moment.
 */
async function rollUpAll(database: Database, districts: District[], concurrency: number) {
  const registry = coreIngestRegistry();
  const target = BigInt(
    (await sql<{ id: string }>`select pg_current_xact_id()::text as id`.execute(database.db)).rows[0].id,
  );
  let next = 0;
  let hours = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < districts.length) {
      const { tenantId } = districts[next++];
      const deadline = Date.now() + 600_000;
      for (;;) {
        const report = await withTenant(database.db, tenantId, (tx) => rollupTenant(tx, tenantId, registry));
        hours += report.hours;
        if (BigInt(report.to) > target) break;
        if (Date.now() > deadline) throw new Error(`the rollup of ${tenantId} did not catch up with the load`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }));
  return hours;
}

/**
 * The statements footfallSeries and salesSeries run for the district (platform/datacenter/metrics.ts), given the
 * tenant explicitly when `tenantId` is set.
 */
const STATEMENTS = {
  footfall: (range: MetricRange, tenantId?: string) =>
    seriesSql(["footfall.in", "footfall.out"], range, false, tenantId),
  sales: (range: MetricRange, tenantId?: string) => districtSalesSql(range, tenantId),
} as const;

function explain(statement: RawBuilder<unknown>) {
  return sql<{ "QUERY PLAN": string }>`explain (analyze, buffers) ${statement}`;
}

/** Footfall per hour straight from the raw table, shaped like footfallSeries. */
async function rawFootfall(tx: TenantTx, range: MetricRange): Promise<FootfallBucket[]> {
  const result = await sql<{ bucket: Date; in: number; out: number }>`
    select date_trunc('hour', at, 'UTC') as bucket, sum(in_count)::float8 as in, sum(out_count)::float8 as out
      from core.footfall_events
     where at >= ${range.from} and at < ${range.to}
     group by 1
     order by 1
  `.execute(tx);
  return result.rows.map((row) => ({ start: new Date(row.bucket).toISOString(), in: row.in, out: row.out }));
}

/** Sales per hour straight from the raw table, as the rollup's rows, folded like salesSeries. */
async function rawSales(tx: TenantTx, range: MetricRange): Promise<SalesBucket[]> {
  const result = await sql<SalesRow>`
    select date_trunc('hour', at, 'UTC') as bucket,
           case when refund then 'sales.refund' else 'sales.sale' end as metric, payment_method as dim,
           count(*)::float8 as n, sum(amount_fen)::float8 as total
      from core.sale_events
     where at >= ${range.from} and at < ${range.to}
     group by 1, 2, 3
     order by 1
  `.execute(tx);
  return salesBuckets(result.rows);
}

/** As district_platform (BYPASSRLS), like withPlatform without its access log: row-level security does not apply. */
function withoutRls<T>(database: Database, fn: (tx: TenantTx) => Promise<T>): Promise<T> {
  return database.db.transaction().execute(async (tx) => {
    await sql.raw(`set local role ${PLATFORM_ROLE}`).execute(tx);
    return fn(tx);
  });
}

interface Variant {
  name: string;
  /** One run; returns the milliseconds it took. */
  run(): Promise<number>;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}

function sameJson(a: unknown, b: unknown, what: string) {
  const left = JSON.stringify(a);
  const right = JSON.stringify(b);
  if (left !== right) throw new Error(`${what}: the results differ\n${left.slice(0, 300)}\n${right.slice(0, 300)}`);
}

interface Stats {
  p50: number;
  p95: number;
  mean: number;
}

/** mulberry32: a small seeded generator, so that every run of the benchmark uses the same orders. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Fisher–Yates on a copy. */
function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/** Runs every variant once a round, in a new order each round, a warm-up first; returns each one's stats. */
async function measure(variants: Variant[], runs: number): Promise<Map<string, Stats>> {
  const samples = new Map(variants.map((v) => [v.name, [] as number[]]));
  const warmUp = Math.max(1, Math.round(runs / 10));
  // A new order every round: rotating one fixed order would put each variant after the same neighbour every time,
  // and a variant that always follows a raw scan of 86,000 rows pays for the caches that scan emptied.
  const random = seededRandom(20261203);
  for (let round = 0; round < warmUp + runs; round++) {
    for (const variant of shuffled(variants, random)) {
      const ms = await variant.run();
      if (round >= warmUp) samples.get(variant.name)!.push(ms);
    }
  }
  const stats = new Map<string, Stats>();
  for (const [name, values] of samples) {
    const sorted = [...values].sort((a, b) => a - b);
    const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
    stats.set(name, { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), mean });
  }
  return stats;
}

async function main(options: DashboardOptions) {
  const adminUrl = Deno.env.get("DATABASE_URL") ?? DEFAULT_ADMIN_URL;
  console.log(
    `dashboard benchmark: ${fmt(options.events)} raw events, ${options.tenants} districts of ${options.stores} ` +
      `stores, ${options.days} days; ${RANGE_DAYS}-day hourly range, ${options.runs} runs; ` +
      `${navigator.hardwareConcurrency} CPUs, Deno ${Deno.version.deno}`,
  );
  const created = await createEmptyPostgresDatabase(adminUrl);
  const name = new URL(created.url).pathname.slice(1);
  const summary: string[] = [];
  try {
    const admin = new pg.Client({ connectionString: created.url });
    await admin.connect();
    let districts: District[];
    const end = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
    try {
      // Loading and the first rollup of 35 days at once run with JIT compilation off: the rollup's plan for that
      // many hours overestimates its rows a thousandfold, and compiling it then takes ten times longer than running
      // it. The job's every-minute runs over a minute of new events stay far below the JIT threshold. The queries
      // are measured later on new connections with the server's own settings.
      await admin.query(`alter database ${name} set jit = off`);
      const loading = await openDatabase({ url: created.url, poolSize: Math.max(options.concurrency, 4) });
      try {
        districts = await setUp(loading, options);
        let start = performance.now();
        const loaded = await loadRawEvents(created.url, districts, options, end);
        console.log(
          `load: ${fmt(loaded.sales)} sales and ${fmt(loaded.footfall)} footfall events in ` +
            `${((performance.now() - start) / 1000).toFixed(1)} s (generate_series, indexes rebuilt)`,
        );
        start = performance.now();
        const hours = await rollUpAll(loading, districts, options.concurrency);
        const seconds = (performance.now() - start) / 1000;
        const rows = (await admin.query<{ n: number }>("select count(*)::int as n from core.metric_rollups")).rows[0].n;
        console.log(
          `rollup (rollupTenant per district): ${fmt(hours)} hourly buckets, ${fmt(rows)} rollup rows in ` +
            `${seconds.toFixed(1)} s, ${fmt(Math.round((loaded.sales + loaded.footfall) / seconds))} raw events/s`,
        );
      } finally {
        await loading.close();
      }
      await admin.query(`alter database ${name} reset jit`);
      // Statistics and the visibility map as autovacuum would leave them on a live system.
      await admin.query("vacuum (analyze) core.metric_rollups");
    } finally {
      await admin.end();
    }

    const database = await openDatabase({ url: created.url, poolSize: 4 });
    try {
      const { tenantId } = districts[0];
      const range: MetricRange = {
        from: new Date(end.getTime() - RANGE_DAYS * 86_400_000),
        to: end,
        granularity: "hour",
      };
      const tenant = <T>(fn: (tx: TenantTx) => Promise<T>) => withTenant(database.db, tenantId, fn);

      // The comparisons are only fair if every form gives the same answer.
      const footfall = await tenant((tx) => footfallSeries(tx, range));
      const sales = await tenant((tx) => salesSeries(tx, range));
      if (footfall.length !== RANGE_DAYS * 24 || sales.length !== RANGE_DAYS * 24) {
        throw new Error(`expected ${RANGE_DAYS * 24} hourly buckets, got ${footfall.length} and ${sales.length}`);
      }
      sameJson(await tenant((tx) => rawFootfall(tx, range)), footfall, "footfall from the raw table");
      sameJson(await tenant((tx) => rawSales(tx, range)), sales, "sales from the raw table");
      for (const [label, statement] of Object.entries(STATEMENTS)) {
        const withRls = await tenant((tx) => statement(range).execute(tx));
        const bypass = await withoutRls(database, (tx) => statement(range, tenantId).execute(tx));
        sameJson(withRls.rows, bypass.rows, `${label} with and without row-level security`);
        if (options.explain) {
          for (
            const [how, rows] of [
              ["RLS", await tenant((tx) => explain(statement(range)).execute(tx))],
              ["no RLS", await withoutRls(database, (tx) => explain(statement(range, tenantId)).execute(tx))],
            ] as const
          ) {
            console.log(`plan: ${label} SQL, ${how}\n${rows.rows.map((row) => row["QUERY PLAN"]).join("\n")}`);
          }
        }
      }

      // Whole calls for the dashboard figures (what a request waits for: the transaction and the query); the
      // statement alone for the row-level security comparison, whose transactions differ only in their set-up.
      const statement = (run: (tx: TenantTx) => Promise<unknown>) => (tx: TenantTx) => timed(() => run(tx));
      const variants: Variant[] = [
        { name: "footfall rollup", run: () => timed(() => tenant((tx) => footfallSeries(tx, range))) },
        { name: "footfall raw", run: () => timed(() => tenant((tx) => rawFootfall(tx, range))) },
        { name: "sales rollup", run: () => timed(() => tenant((tx) => salesSeries(tx, range))) },
        { name: "sales raw", run: () => timed(() => tenant((tx) => rawSales(tx, range))) },
      ];
      for (const [label, sqlOf] of Object.entries(STATEMENTS)) {
        variants.push(
          { name: `${label} SQL, RLS`, run: () => tenant(statement((tx) => sqlOf(range).execute(tx))) },
          {
            name: `${label} SQL, no RLS`,
            run: () => withoutRls(database, statement((tx) => sqlOf(range, tenantId).execute(tx))),
          },
        );
      }
      const stats = await measure(variants, options.runs);
      console.log(`${"query".padEnd(22)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"mean ms".padStart(8)}`);
      for (const [name, s] of stats) {
        console.log(
          `${name.padEnd(22)} ${s.p50.toFixed(2).padStart(8)} ${s.p95.toFixed(2).padStart(8)} ${
            s.mean.toFixed(2).padStart(8)
          }`,
        );
      }
      for (const label of ["footfall", "sales"]) {
        const rollup = stats.get(`${label} rollup`)!.p95;
        const raw = stats.get(`${label} raw`)!.p95;
        const rls = stats.get(`${label} SQL, RLS`)!.p95 / stats.get(`${label} SQL, no RLS`)!.p95;
        const ok = (met: boolean) => met ? "met" : "NOT met";
        summary.push(
          `${label}: p95 ${rollup.toFixed(1)} ms (< 50 ${ok(rollup < 50)}), rollup/raw ${(rollup / raw).toFixed(3)} ` +
            `(≤ 0.05 ${ok(rollup / raw <= 0.05)}), RLS/no RLS ${rls.toFixed(2)} (≤ 1.1 ${ok(rls <= 1.1)})`,
        );
      }
    } finally {
      await database.close();
    }
  } finally {
    await created.drop();
  }
  console.log(`SUMMARY ${summary.join("; ")}`);
}

if (import.meta.main) {
  let options: DashboardOptions;
  try {
    options = parseDashboardArgs(Deno.args);
  } catch (error) {
    if (!(error instanceof BenchArgsError)) throw error;
    console.error(error.message);
    Deno.exit(2);
  }
  await main(options);
}
