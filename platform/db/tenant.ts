/**
 * The two ways to reach data. `withTenant` is the only way tenant data is read or written: one transaction,
 * the application role (row-level security applies) and the tenant id set for that transaction alone.
 * `withPlatform` is for work across tenants (platform administration, bureau aggregates); it runs as the
 * platform role and records who used it and why.
 */
import { type Kysely, sql, type Transaction } from "kysely";
import { isUuid, uuidv7 } from "../ids.ts";
import { APP_ROLE, PLATFORM_ROLE } from "./roles.ts";
import type { CoreDatabase } from "./schema.ts";

export type TenantTx<DB = CoreDatabase> = Transaction<DB>;

export class TenantIdError extends Error {
  constructor(value: unknown) {
    super(`tenant id must be a UUID, got ${JSON.stringify(value)}`);
    this.name = "TenantIdError";
  }
}

export function withTenant<T, DB = CoreDatabase>(
  db: Kysely<DB>,
  tenantId: string,
  fn: (tx: TenantTx<DB>) => Promise<T>,
): Promise<T> {
  if (!isUuid(tenantId)) return Promise.reject(new TenantIdError(tenantId));
  return db.transaction().execute(async (tx) => {
    await sql.raw(`set local role ${APP_ROLE}`).execute(tx);
    await sql`select set_config('app.tenant_id', ${tenantId}, true)`.execute(
      tx,
    );
    return fn(tx);
  });
}

export interface PlatformAccess {
  /** Who is acting: a user id, "system:<job>", "bureau:<id>". */
  actor: string;
  /** Why the tenant boundary is crossed, in a few words. */
  purpose: string;
}

export function withPlatform<T>(
  db: Kysely<CoreDatabase>,
  access: PlatformAccess,
  fn: (tx: Transaction<CoreDatabase>) => Promise<T>,
): Promise<T> {
  if (!access.actor.trim() || !access.purpose.trim()) {
    return Promise.reject(
      new Error("withPlatform needs an actor and a purpose"),
    );
  }
  return db.transaction().execute(async (tx) => {
    await sql.raw(`set local role ${PLATFORM_ROLE}`).execute(tx);
    await tx.insertInto("core.platform_access_log")
      .values({ id: uuidv7(), actor: access.actor, purpose: access.purpose })
      .execute();
    return fn(tx);
  });
}
