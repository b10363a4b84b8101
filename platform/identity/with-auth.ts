/**
 * The identity tables (accounts, sessions, platform grants) belong to no tenant. They are reached as
 * district_auth, which may read and write those tables and nothing else: `withAuth` for sign-in and session
 * checks, `asAuth` for a step inside a tenant transaction (creating a store owner's account together with
 * the store), after which the transaction is back to the application role and its tenant.
 */
import { type Kysely, sql, type Transaction } from "kysely";
import { APP_ROLE, AUTH_ROLE } from "../db/roles.ts";
import type { CoreDatabase } from "../db/schema.ts";

export function withAuth<T>(db: Kysely<CoreDatabase>, fn: (tx: Transaction<CoreDatabase>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (tx) => {
    await sql.raw(`set local role ${AUTH_ROLE}`).execute(tx);
    return fn(tx);
  });
}

export async function asAuth<T>(tx: Transaction<CoreDatabase>, fn: () => Promise<T>): Promise<T> {
  await sql.raw(`set local role ${AUTH_ROLE}`).execute(tx);
  try {
    return await fn();
  } finally {
    await sql.raw(`set local role ${APP_ROLE}`).execute(tx);
  }
}
