/**
 * Migration runner for the core (`migrations/`) and each plugin (`plugins/<id>/migrations/`). Migrations are
 * plain SQL files applied in name order, once, as the owner role, each in its own transaction, under an
 * advisory lock so two processes starting together do not race. A file changed after it was applied stops the
 * start-up: schema history must not be rewritten silently.
 */
import { type Kysely, sql } from "kysely";
import type { Logger } from "../log.ts";
import { OWNER_ROLE } from "./roles.ts";
import { splitSqlStatements } from "./sql-split.ts";

export interface Migration {
  /** "core" or "plugin:<id>". */
  scope: string;
  /** File name, e.g. 0001_core.sql; order is by name. */
  name: string;
  sql: string;
}

export class MigrationError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "MigrationError";
  }
}

const MIGRATION_NAME = /^\d{4}_[a-z0-9_]+\.sql$/;
const LOCK_KEY = 7_331_001;

/** Reads every `NNNN_name.sql` in a folder, in order. */
export async function loadMigrations(
  dir: string | URL,
  scope: string,
): Promise<Migration[]> {
  const migrations: Migration[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (!entry.isFile || !entry.name.endsWith(".sql")) continue;
    if (!MIGRATION_NAME.test(entry.name)) {
      throw new MigrationError(
        `${scope}: migration file ${entry.name} must be named like 0001_what_it_does.sql`,
      );
    }
    const path = dir instanceof URL ? new URL(entry.name, dir) : `${dir}/${entry.name}`;
    migrations.push({
      scope,
      name: entry.name,
      sql: await Deno.readTextFile(path),
    });
  }
  return migrations.sort((a, b) => a.name.localeCompare(b.name));
}

export const CORE_MIGRATIONS_DIR = new URL(
  "../../migrations/",
  import.meta.url,
);

export function loadCoreMigrations(): Promise<Migration[]> {
  return loadMigrations(CORE_MIGRATIONS_DIR, "core");
}

export async function checksum(text: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(text),
  );
  return Array.from(
    new Uint8Array(digest),
    (b) => b.toString(16).padStart(2, "0"),
  ).join("");
}

/** Applies what is not applied yet; returns the names applied now. */
export async function migrate<DB>(
  db: Kysely<DB>,
  migrations: Migration[],
  log?: Logger,
): Promise<string[]> {
  const applied: string[] = [];
  for (const migration of migrations) {
    const sum = await checksum(migration.sql);
    const statements = splitSqlStatements(migration.sql);
    const ran = await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${LOCK_KEY})`.execute(trx);
      await sql.raw(`set local role ${OWNER_ROLE}`).execute(trx);
      await ensureHistoryTable(trx);
      const done = await sql<{ checksum: string }>`
        select checksum from core.schema_migrations where scope = ${migration.scope} and name = ${migration.name}
      `.execute(trx);
      if (done.rows.length > 0) {
        if (done.rows[0].checksum !== sum) {
          throw new MigrationError(
            `${migration.scope}/${migration.name} was changed after it was applied; ` +
              "add a new migration instead of editing an applied one",
          );
        }
        return false;
      }
      for (const [index, statement] of statements.entries()) {
        try {
          await sql.raw(statement).execute(trx);
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          throw new MigrationError(
            `${migration.scope}/${migration.name}, statement ${index + 1}: ${reason}`,
            { cause: error },
          );
        }
      }
      await sql`
        insert into core.schema_migrations (scope, name, checksum) values (${migration.scope}, ${migration.name}, ${sum})
      `.execute(trx);
      return true;
    });
    if (ran) {
      applied.push(`${migration.scope}/${migration.name}`);
      log?.info("migration applied", {
        scope: migration.scope,
        name: migration.name,
      });
    }
  }
  return applied;
}

async function ensureHistoryTable<DB>(trx: Kysely<DB>): Promise<void> {
  await sql`create schema if not exists core`.execute(trx);
  await sql`
    create table if not exists core.schema_migrations (
      scope text not null,
      name text not null,
      checksum text not null,
      applied_at timestamptz not null default now(),
      primary key (scope, name)
    )
  `.execute(trx);
}
