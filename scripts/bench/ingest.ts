/**
 * `deno task bench:ingest`: how fast sale events go through the real HTTP ingestion path (POST /api/v1/events, API
 * key auth, validation, one tenant transaction per batch) compared with PostgreSQL's own bulk load (`\copy … from
 * stdin` through psql) of the same rows into the same table, measured in the same run. The machines are noisy, so
 * the figures that matter are the ratios; see docs/performance.md.
 *
 * It creates and drops its own database on the server of DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/test, used as the admin URL), migrates it, provisions the districts, a store and
 * a store-scoped API key each through the real functions, and serves the real app with Deno.serve on a free port of
 * 127.0.0.1 in this process. `--pglite` also runs the HTTP part on the embedded database and compares.
 */
import pg from "pg";
import { generateSigningKey } from "../../platform/audit/signing-key.ts";
import { allMigrations } from "../../platform/db/all-migrations.ts";
import { type Database, openDatabase } from "../../platform/db/database.ts";
import { migrate } from "../../platform/db/migrations.ts";
import { withTenant } from "../../platform/db/tenant.ts";
import { createApp } from "../../platform/http/app.ts";
import { createApiKey } from "../../platform/identity/api-keys.ts";
import { API_KEY_PERMISSIONS } from "../../platform/identity/permissions.ts";
import type { Principal } from "../../platform/identity/principal.ts";
import { provisionTenants } from "../../platform/identity/provision.ts";
import { uuidv7 } from "../../platform/ids.ts";
import { InProcessRunner } from "../../platform/jobs/inprocess-runner.ts";
import { memoryLogger } from "../../platform/log.ts";
import { dependencyOrder } from "../../platform/plugins/validate.ts";
import { generateMasterKeyEntry, parseMasterKeys } from "../../platform/privacy/encryption/master-keys.ts";
import { TenantKeyStore } from "../../platform/privacy/encryption/tenant-keys.ts";
import { installedPlugins } from "../../plugins/mod.ts";
import { createEmptyPostgresDatabase } from "../../tests/support/test-db.ts";
import { BenchArgsError, DEFAULT_ADMIN_URL, fmt, parseOptions, positiveInt, processCpuSeconds } from "./cli.ts";

export { BenchArgsError, DEFAULT_ADMIN_URL };

export interface BenchOptions {
  events: number;
  batch: number;
  tenants: number;
  concurrency: number;
  pglite: boolean;
}

const USAGE = `Usage: deno task bench:ingest [--events N] [--batch N] [--tenants N] [--concurrency N] [--pglite]
  --events       sale events in total (default 200000)
  --batch        events per HTTP request, at most 5000 (default 1000)
  --tenants      districts, one store and one API key each, interleaved (default 50)
  --concurrency  HTTP requests in flight (default 4)
  --pglite       also run the HTTP part on embedded PGlite and compare with PostgreSQL
Environment: DATABASE_URL is the admin URL of the PostgreSQL server (default ${DEFAULT_ADMIN_URL}).`;

/** Parses the command line; throws BenchArgsError (with the usage) for anything it does not understand. */
export function parseBenchArgs(args: string[]): BenchOptions {
  const values = parseOptions(args, {
    events: { type: "string" },
    batch: { type: "string" },
    tenants: { type: "string" },
    concurrency: { type: "string" },
    pglite: { type: "boolean" },
  }, USAGE);
  return {
    events: positiveInt("events", values.events, 200_000, 100_000_000),
    batch: positiveInt("batch", values.batch, 1_000, 5_000),
    tenants: positiveInt("tenants", values.tenants, 50, 1_000),
    concurrency: positiveInt("concurrency", values.concurrency, 4, 256),
    pglite: values.pglite ?? false,
  };
}

interface Sender {
  tenantId: string;
  storeId: string;
  token: string;
}

const METHODS = ["cash", "card", "wechat", "alipay", "ecny"] as const;

/** The i-th sale of the run: its sender round-robin over the districts, one batch per request. */
function saleOf(i: number, base: number) {
  return {
    id: `s-${i}`,
    receiptId: `r-${i}`,
    amountFen: 100 + (i * 7919) % 50_000,
    paymentMethod: METHODS[i % METHODS.length],
    refund: i % 50 === 0,
    at: new Date(base - (i % 86_400) * 1000).toISOString(),
  };
}

/** Batches of the run: batch k goes to sender k mod tenants, so the districts interleave. */
function planBatches(options: BenchOptions): { sender: number; from: number; to: number }[] {
  const batches = [];
  for (let from = 0, k = 0; from < options.events; from += options.batch, k++) {
    batches.push({ sender: k % options.tenants, from, to: Math.min(from + options.batch, options.events) });
  }
  return batches;
}

async function setUp(database: Database, tenants: number): Promise<Sender[]> {
  await migrate(database.db, await allMigrations(dependencyOrder(installedPlugins)));
  const slugs = Array.from({ length: tenants }, (_, i) => `bench-${String(i + 1).padStart(4, "0")}`);
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
  const senders: Sender[] = [];
  for (const slug of slugs) {
    const tenantId = report.tenantIds[slug];
    const storeId = uuidv7();
    await withTenant(
      database.db,
      tenantId,
      (tx) =>
        tx.insertInto("core.organisations").values({
          tenant_id: tenantId,
          id: storeId,
          kind: "store",
          name: "压测门店",
        })
          .execute(),
    );
    const creator = { kind: "user", actor: "system:bench", tenantId, permissions: new Set() } as unknown as
      & Principal
      & { tenantId: string };
    const { token } = await createApiKey(database.db, creator, {
      name: "POS",
      permissions: ["events:write"],
      organisationId: storeId,
    }, API_KEY_PERMISSIONS);
    senders.push({ tenantId, storeId, token });
  }
  return senders;
}

/** Serves the real app on a free port of 127.0.0.1. */
async function serve(database: Database) {
  const log = memoryLogger("error");
  const keys = new TenantKeyStore(parseMasterKeys(generateMasterKeyEntry("bench")));
  const jobs = new InProcessRunner({ db: database.db, log, jobs: [], schedules: [] });
  const { key: auditKey } = await generateSigningKey();
  const app = createApp({ database, jobs, log, keys, auditPublicKey: auditKey.publicKey });
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, app.fetch);
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    close: async () => {
      await server.shutdown();
      await jobs.close();
    },
  };
}

/** Sends the prepared bodies with `concurrency` requests in flight; returns the seconds it took. */
async function sendAll(url: string, requests: { token: string; body: string; count: number }[], concurrency: number) {
  let next = 0;
  let accepted = 0;
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < requests.length) {
      const request = requests[next++];
      const res = await fetch(`${url}/api/v1/events`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${request.token}` },
        body: request.body,
      });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`POST /api/v1/events: ${res.status} ${text.slice(0, 500)}`);
      const result = JSON.parse(text) as { accepted: number };
      if (result.accepted !== request.count) throw new Error(`accepted ${result.accepted} of ${request.count}`);
      accepted += result.accepted;
    }
  }));
  return { seconds: (performance.now() - start) / 1000, accepted };
}

function httpRequests(senders: Sender[], options: BenchOptions, base: number, prefix = "") {
  return planBatches(options).map(({ sender, from, to }) => {
    const events = [];
    for (let i = from; i < to; i++) {
      const sale = saleOf(i, base);
      events.push({ type: "sale", ...sale, id: prefix + sale.id, storeId: senders[sender].storeId });
    }
    return { token: senders[sender].token, body: JSON.stringify({ events }), count: to - from };
  });
}

/** CPU seconds used so far by this process and by the database's server processes (where they can be read). */
type CpuSample = () => Promise<{ self?: number; server: Map<number, number> }>;

/** What the CPU did during the measured run: this process (app and client) and the database server's processes. */
function cpuReport(before: Awaited<ReturnType<CpuSample>>, after: Awaited<ReturnType<CpuSample>>): string {
  const parts: string[] = [];
  if (before.self !== undefined && after.self !== undefined) {
    parts.push(`this process ${(after.self - before.self).toFixed(2)} s`);
  }
  if (after.server.size > 0) {
    let server = 0;
    for (const [pid, seconds] of after.server) server += seconds - (before.server.get(pid) ?? 0);
    parts.push(`its PostgreSQL backends ${server.toFixed(2)} s`);
  }
  return parts.length ? `  CPU during the run: ${parts.join(", ")}` : "";
}

/**
 * The HTTP run on one database: a warm-up of 100 events per district (own ids, not counted; its rows stay, a few
 * thousand next to the measured ones), then the measured run. Returns the seconds of the measured run and what
 * the CPU did meanwhile.
 */
async function httpRun(database: Database, senders: Sender[], options: BenchOptions, base: number, cpu: CpuSample) {
  const server = await serve(database);
  try {
    const warmUp = httpRequests(senders, { ...options, events: options.tenants * 100, batch: 100 }, base, "w");
    await sendAll(server.url, warmUp, options.concurrency);
    const requests = httpRequests(senders, options, base);
    const before = await cpu();
    const { seconds, accepted } = await sendAll(server.url, requests, options.concurrency);
    const report = cpuReport(before, await cpu());
    if (accepted !== options.events) throw new Error(`HTTP stored ${accepted} of ${options.events} events`);
    return { seconds, report };
  } finally {
    await server.close();
  }
}

const COPY_COLUMNS = "tenant_id, scope_id, event_id, store_id, receipt_id, amount_fen, refund, payment_method, at";

/** The same rows as CSV for `\copy`: what the HTTP path stores for a store-scoped key (scope = the store). */
function copyCsv(senders: Sender[], options: BenchOptions, base: number): Uint8Array {
  const lines: string[] = [];
  for (const { sender, from, to } of planBatches(options)) {
    const { tenantId, storeId } = senders[sender];
    for (let i = from; i < to; i++) {
      const s = saleOf(i, base);
      lines.push(
        `${tenantId},${storeId},${s.id},${storeId},${s.receiptId},${s.amountFen},${s.refund},${s.paymentMethod},${s.at}`,
      );
    }
  }
  return new TextEncoder().encode(lines.join("\n") + "\n");
}

async function copyRun(url: string, csv: Uint8Array): Promise<number> {
  const start = performance.now();
  const child = new Deno.Command("psql", {
    args: [
      url,
      "-X",
      "-q",
      "-v",
      "ON_ERROR_STOP=1",
      "-c",
      `\\copy core.sale_events (${COPY_COLUMNS}) from pstdin with (format csv)`,
    ],
    stdin: "piped",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(csv);
  await writer.close();
  const { code, stderr } = await child.output();
  if (code !== 0) throw new Error(`psql \\copy failed: ${new TextDecoder().decode(stderr)}`);
  return (performance.now() - start) / 1000;
}

function rate(events: number, seconds: number) {
  return Math.round(events / seconds);
}

async function main(options: BenchOptions) {
  const adminUrl = Deno.env.get("DATABASE_URL") ?? DEFAULT_ADMIN_URL;
  const base = Date.now() - 60 * 60 * 1000;
  console.log(
    `ingest benchmark: ${fmt(options.events)} sale events, batches of ${options.batch}, ${options.tenants} districts ` +
      `interleaved, ${options.concurrency} connections, ${navigator.hardwareConcurrency} CPUs, Deno ${Deno.version.deno}`,
  );
  const created = await createEmptyPostgresDatabase(adminUrl);
  let httpRate: number;
  let copyRate: number;
  try {
    const database = await openDatabase({ url: created.url, poolSize: Math.max(options.concurrency * 2, 10) });
    const owner = new pg.Client({ connectionString: created.url });
    await owner.connect();
    try {
      const senders = await setUp(database, options.tenants);
      const count = async () =>
        Number((await owner.query("select count(*)::int as n from core.sale_events")).rows[0].n);

      // Baseline: PostgreSQL's bulk load of the same rows into the same (empty) table.
      const csv = copyCsv(senders, options, base);
      await owner.query("truncate core.sale_events");
      const copySeconds = await copyRun(created.url, csv);
      if (await count() !== options.events) throw new Error("COPY did not store every row");
      await owner.query("truncate core.sale_events");
      await owner.query("vacuum analyze core.sale_events");
      copyRate = rate(options.events, copySeconds);
      console.log(`COPY (psql \\copy, baseline): ${copySeconds.toFixed(2)} s, ${fmt(copyRate)} events/s`);

      // The pool's backends, found by their database; readable in /proc only when the server runs on this machine.
      const cpu: CpuSample = async () => {
        const backends = await owner.query<{ pid: number }>(
          `select pid from pg_stat_activity
            where datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid()`,
        );
        const server = new Map<number, number>();
        for (const { pid } of backends.rows) {
          const seconds = processCpuSeconds(pid);
          if (seconds !== undefined) server.set(pid, seconds);
        }
        return { self: processCpuSeconds("self"), server };
      };
      const http = await httpRun(database, senders, options, base, cpu);
      const warmUpRows = options.tenants * 100;
      if (await count() !== options.events + warmUpRows) throw new Error("HTTP did not store every row");
      httpRate = rate(options.events, http.seconds);
      console.log(`HTTP (POST /api/v1/events):   ${http.seconds.toFixed(2)} s, ${fmt(httpRate)} events/s`);
      if (http.report) console.log(http.report);
    } finally {
      await owner.end();
      await database.close();
    }
  } finally {
    await created.drop();
  }

  let pgliteSummary = "";
  if (options.pglite) {
    const database = await openDatabase({});
    try {
      const senders = await setUp(database, options.tenants);
      const cpu: CpuSample = () => Promise.resolve({ self: processCpuSeconds("self"), server: new Map() });
      const { seconds, report } = await httpRun(database, senders, options, base, cpu);
      const pgliteRate = rate(options.events, seconds);
      const ratio = pgliteRate / httpRate;
      console.log(
        `HTTP on PGlite:                ${seconds.toFixed(2)} s, ${fmt(pgliteRate)} events/s, ` +
          `${ratio.toFixed(2)} × PostgreSQL (target ≥ 0.3: ${ratio >= 0.3 ? "met" : "NOT met"})`,
      );
      if (report) console.log(report);
      pgliteSummary = `, pglite/pg ${ratio.toFixed(2)} (≥ 0.3 ${ratio >= 0.3 ? "met" : "NOT met"})`;
    } finally {
      await database.close();
    }
  }

  const ratio = httpRate / copyRate;
  console.log(
    `SUMMARY http ${fmt(httpRate)} ev/s, copy ${fmt(copyRate)} ev/s, http/copy ${ratio.toFixed(2)} ` +
      `(≥ 0.5 ${ratio >= 0.5 ? "met" : "NOT met"}), ≥ 50,000 ev/s ${httpRate >= 50_000 ? "met" : "NOT met"}` +
      pgliteSummary,
  );
}

if (import.meta.main) {
  let options: BenchOptions;
  try {
    options = parseBenchArgs(Deno.args);
  } catch (error) {
    if (!(error instanceof BenchArgsError)) throw error;
    console.error(error.message);
    Deno.exit(2);
  }
  await main(options);
}
