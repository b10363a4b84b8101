/**
 * A fresh, migrated database per test. On PostgreSQL (DATABASE_URL set) each test gets its own database cloned
 * from a migrated template; on PGlite each test loads a cached dump of a migrated data folder. Templates are
 * keyed by a hash of the migrations, so changing a migration rebuilds them.
 */
import pg from "pg";
import { type Database, openDatabase } from "../../platform/db/database.ts";
import { checksum, migrate, type Migration } from "../../platform/db/migrations.ts";
import { allMigrations } from "../../platform/db/all-migrations.ts";
import { dependencyOrder } from "../../platform/plugins/validate.ts";
import { installedPlugins } from "../../plugins/mod.ts";

export type TestDatabase = Database & AsyncDisposable;

let migrationsHash:
  | Promise<{ migrations: Migration[]; hash: string }>
  | undefined;
function migrationsWithHash() {
  migrationsHash ??= (async () => {
    const migrations = await allMigrations(dependencyOrder(installedPlugins));
    const hash = await checksum(
      migrations.map((m) => `${m.scope}/${m.name}\n${m.sql}`).join("\n"),
    );
    return { migrations, hash: hash.slice(0, 16) };
  })();
  return migrationsHash;
}

export function testDatabaseKind(): "postgres" | "pglite" {
  return Deno.env.get("DATABASE_URL") ? "postgres" : "pglite";
}

/** An empty database on the PostgreSQL server (no migrations), for tests that start the platform from scratch. */
export async function createEmptyPostgresDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `district_test_${crypto.randomUUID().replaceAll("-", "").slice(0, 20)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabaseName(adminUrl, name),
    drop: async () => {
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      try {
        await dropper.query(`drop database if exists ${name} with (force)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

export async function openTestDatabase(): Promise<TestDatabase> {
  const url = Deno.env.get("DATABASE_URL");
  return url ? await openPostgresTestDatabase(url) : await openPGliteTestDatabase();
}

function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function openPostgresTestDatabase(
  adminUrl: string,
): Promise<TestDatabase> {
  const { migrations, hash } = await migrationsWithHash();
  const template = `district_tpl_${hash}`;
  const name = `district_test_${crypto.randomUUID().replaceAll("-", "").slice(0, 20)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    // One process builds the template; the others wait on the lock and then find it.
    await admin.query(
      "select pg_advisory_lock(hashtext('district_test_template'))",
    );
    const exists = await admin.query(
      "select 1 from pg_database where datname = $1",
      [template],
    );
    if (exists.rowCount === 0) {
      const building = `${template}_building`;
      await admin.query(`drop database if exists ${building} with (force)`);
      await admin.query(`create database ${building}`);
      const database = await openDatabase({
        url: withDatabaseName(adminUrl, building),
        poolSize: 1,
      });
      try {
        await migrate(database.db, migrations);
      } finally {
        await database.close();
      }
      await admin.query(`alter database ${building} rename to ${template}`);
      // Templates of older migrations are no longer needed.
      const stale = await admin.query(
        "select datname from pg_database where datname like 'district_tpl_%' and datname <> $1",
        [template],
      );
      for (const row of stale.rows) {
        await admin.query(
          `drop database if exists ${row.datname} with (force)`,
        );
      }
    }
    await admin.query(`create database ${name} template ${template}`);
  } finally {
    await admin.query(
      "select pg_advisory_unlock(hashtext('district_test_template'))",
    ).catch(() => {});
    await admin.end();
  }
  const database = await openDatabase({
    url: withDatabaseName(adminUrl, name),
    poolSize: 4,
  });
  const close = async () => {
    await database.close();
    const dropper = new pg.Client({ connectionString: adminUrl });
    await dropper.connect();
    try {
      await dropper.query(`drop database if exists ${name} with (force)`);
    } finally {
      await dropper.end();
    }
  };
  return { ...database, close, [Symbol.asyncDispose]: close };
}

const TEMPLATE_DIR = new URL("../../.data/test-templates/", import.meta.url);
let pgliteTemplate: Promise<Blob> | undefined;

function pgliteTemplateDump(): Promise<Blob> {
  pgliteTemplate ??= (async () => {
    const { migrations, hash } = await migrationsWithHash();
    const file = new URL(`${hash}.tar.gz`, TEMPLATE_DIR);
    try {
      return new Blob([await Deno.readFile(file)]);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
    const database = await openDatabase({});
    let dump: Blob;
    try {
      await migrate(database.db, migrations);
      dump = await database.dump!();
    } finally {
      await database.close();
    }
    await Deno.mkdir(TEMPLATE_DIR, { recursive: true });
    // Written under a temporary name and renamed, so a parallel test never reads half a file.
    const partial = new URL(
      `${hash}.${crypto.randomUUID()}.partial`,
      TEMPLATE_DIR,
    );
    await Deno.writeFile(partial, new Uint8Array(await dump.arrayBuffer()));
    await Deno.rename(partial, file);
    return dump;
  })();
  return pgliteTemplate;
}

async function openPGliteTestDatabase(): Promise<TestDatabase> {
  const database = await openDatabase({
    loadDataDir: await pgliteTemplateDump(),
  });
  return { ...database, [Symbol.asyncDispose]: () => database.close() };
}
