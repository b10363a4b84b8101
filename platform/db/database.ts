/**
 * Opens the database: real PostgreSQL when a URL is given, otherwise embedded PGlite persisted in a folder.
 * Either way the handle's default role is the application role with no tenant set, so a query that forgot
 * `withTenant` sees no tenant rows instead of every tenant's rows.
 */
import { PGlite } from "@electric-sql/pglite";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { lockDataDir } from "./data-dir-lock.ts";
import { SerialPGliteDialect } from "./pglite-dialect.ts";
import { APP_ROLE, BOOTSTRAP_ROLES_SQL } from "./roles.ts";
import type { CoreDatabase } from "./schema.ts";
import { splitSqlStatements } from "./sql-split.ts";

export type DatabaseKind = "postgres" | "pglite";

export interface Database {
  readonly kind: DatabaseKind;
  /** Query handle; runs as the application role. Tenant data is reached through withTenant/withPlatform. */
  readonly db: Kysely<CoreDatabase>;
  /** A short description without secrets, for logs and /healthz. */
  readonly description: string;
  /** Embedded only: a gzip tarball of the data folder, loadable with `loadDataDir` (tests cache a template). */
  dump?(): Promise<Blob>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgres:// URL; when absent, PGlite is used. */
  url?: string;
  /** Folder for PGlite's files; absent means in memory. */
  dataDir?: string;
  /** Start PGlite from a dump made by `dumpDataDir` (tests use a migrated template). */
  loadDataDir?: Blob;
  /** Connections in the PostgreSQL pool. */
  poolSize?: number;
}

const INT8_OID = 20;
const DATE_OID = 1082;

/** int8 as a number while it is exact, dates as 'YYYY-MM-DD' strings: the same on both databases. */
function parseInt8(value: string): number | bigint {
  const big = BigInt(value);
  return big > BigInt(Number.MAX_SAFE_INTEGER) ||
      big < BigInt(Number.MIN_SAFE_INTEGER)
    ? big
    : Number(big);
}

export async function openDatabase(
  options: OpenDatabaseOptions,
): Promise<Database> {
  return options.url ? await openPostgres(options.url, options.poolSize ?? 10) : await openPGlite(options);
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const bootstrap = new pg.Client({ connectionString: url });
  await bootstrap.connect();
  try {
    await bootstrap.query(BOOTSTRAP_ROLES_SQL);
  } finally {
    await bootstrap.end();
  }
  const types = {
    getTypeParser(oid: number, format?: "text" | "binary") {
      if (oid === INT8_OID) return parseInt8;
      if (oid === DATE_OID) return (value: string) => value;
      return pg.types.getTypeParser(oid, format);
    },
  };
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    options: `-c role=${APP_ROLE}`,
    types: types as pg.CustomTypesConfig,
  });
  // An idle client that loses its connection emits 'error'; without a listener that would end the process.
  pool.on("error", () => {});
  const db = new Kysely<CoreDatabase>({
    dialect: new PostgresDialect({ pool }),
  });
  const parsed = new URL(url);
  return {
    kind: "postgres",
    db,
    description: `postgres://${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`,
    close: () => db.destroy(),
  };
}

async function openPGlite(options: OpenDatabaseOptions): Promise<Database> {
  let lock: { release(): void } | undefined;
  if (options.dataDir) {
    await Deno.mkdir(options.dataDir, { recursive: true });
    lock = lockDataDir(options.dataDir);
  }
  let pglite: PGlite;
  try {
    pglite = new PGlite({
      dataDir: options.dataDir,
      loadDataDir: options.loadDataDir,
      parsers: { [INT8_OID]: parseInt8, [DATE_OID]: (value: string) => value },
    });
    await pglite.waitReady;
    for (const statement of splitSqlStatements(BOOTSTRAP_ROLES_SQL)) await pglite.query(statement);
    await pglite.query(`set role ${APP_ROLE}`);
  } catch (error) {
    lock?.release();
    throw error;
  }
  const db = new Kysely<CoreDatabase>({ dialect: new SerialPGliteDialect({ pglite }) });
  return {
    kind: "pglite",
    db,
    description: options.dataDir ? `pglite:${options.dataDir}` : "pglite:memory",
    // Holding the connection keeps a transaction from running while the files are copied.
    dump: () => db.connection().execute(() => pglite.dumpDataDir("gzip")),
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
      lock?.release();
    },
  };
}
