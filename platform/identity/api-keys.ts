/**
 * API keys for systems that connect to a district: POS, parking gates, cameras, sensors, government endpoints.
 * A key is shown once; the database keeps a hash of its secret. A store-scoped key acts for that store only,
 * and a key never carries a permission its creator does not hold.
 */
import type { Kysely } from "kysely";
import { appendAudit } from "../audit/audit-log.ts";
import type { CoreDatabase } from "../db/schema.ts";
import { withTenant } from "../db/tenant.ts";
import { uuidv7 } from "../ids.ts";
import type { ApiKeyPrincipal, Principal } from "./principal.ts";
import { makeScopedToken, parseScopedToken, sameHash, sha256 } from "./tokens.ts";

const PREFIX = "dk";
/** last_used_at is written at most this often. */
const TOUCH_EVERY_MS = 60_000;

export class ApiKeyRequestError extends Error {
  constructor(public readonly field: string, message: string) {
    super(message);
    this.name = "ApiKeyRequestError";
  }
}

export interface ApiKeyView {
  id: string;
  name: string;
  organisationId: string | null;
  permissions: string[];
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

type KeyRow = {
  id: string;
  name: string;
  organisation_id: string | null;
  permissions: string[];
  created_by: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
};

function view(row: KeyRow): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    organisationId: row.organisation_id,
    permissions: row.permissions,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}

export async function createApiKey(
  db: Kysely<CoreDatabase>,
  creator: Principal & { tenantId: string },
  request: { name: string; permissions: string[]; organisationId?: string },
  allowed: readonly string[],
): Promise<{ key: ApiKeyView; token: string }> {
  for (const permission of request.permissions) {
    if (!allowed.includes(permission)) {
      throw new ApiKeyRequestError("permissions", `"${permission}" is not a permission an API key can hold`);
    }
  }
  // A store user's keys are always scoped to their store.
  const organisationId = creator.organisationId ?? request.organisationId ?? null;
  if (creator.organisationId && request.organisationId && request.organisationId !== creator.organisationId) {
    throw new ApiKeyRequestError("organisationId", "a store can only create keys for itself");
  }
  const id = uuidv7();
  const { token, secret } = makeScopedToken(PREFIX, creator.tenantId, id);
  const row = await withTenant(db, creator.tenantId, async (tx) => {
    if (organisationId) {
      const store = await tx.selectFrom("core.organisations").select("id").where("id", "=", organisationId)
        .executeTakeFirst();
      if (!store) throw new ApiKeyRequestError("organisationId", "no such store in this district");
    }
    const inserted = await tx.insertInto("core.api_keys").values({
      tenant_id: creator.tenantId,
      id,
      name: request.name,
      organisation_id: organisationId,
      permissions: request.permissions,
      secret_hash: sha256(secret),
      created_by: creator.actor,
    }).returningAll().executeTakeFirstOrThrow();
    await appendAudit(tx, {
      actor: creator.actor,
      action: "api-key.create",
      target: `api-key:${id}`,
      details: { name: request.name, permissions: request.permissions, organisationId },
    });
    return inserted;
  });
  return { key: view(row), token };
}

export function listApiKeys(db: Kysely<CoreDatabase>, principal: Principal & { tenantId: string }) {
  return withTenant(db, principal.tenantId, async (tx) => {
    let query = tx.selectFrom("core.api_keys").selectAll().orderBy("created_at", "desc");
    if (principal.organisationId) query = query.where("organisation_id", "=", principal.organisationId);
    return (await query.execute()).map(view);
  });
}

/** Revokes a key; false when there is no such key for this principal. */
export function revokeApiKey(db: Kysely<CoreDatabase>, principal: Principal & { tenantId: string }, keyId: string) {
  return withTenant(db, principal.tenantId, async (tx) => {
    let query = tx.updateTable("core.api_keys").set({ revoked_at: new Date() }).where("id", "=", keyId)
      .where("revoked_at", "is", null);
    if (principal.organisationId) query = query.where("organisation_id", "=", principal.organisationId);
    const result = await query.executeTakeFirst();
    if (result.numUpdatedRows === 0n) return false;
    await appendAudit(tx, { actor: principal.actor, action: "api-key.revoke", target: `api-key:${keyId}` });
    return true;
  });
}

/** The principal behind an API key token, or undefined when it is malformed, unknown or revoked. */
export async function authenticateApiKey(
  db: Kysely<CoreDatabase>,
  token: string,
): Promise<ApiKeyPrincipal | undefined> {
  const parsed = parseScopedToken(PREFIX, token);
  if (!parsed) return undefined;
  return await withTenant(db, parsed.tenantId, async (tx) => {
    const key = await tx.selectFrom("core.api_keys").selectAll().where("id", "=", parsed.recordId).executeTakeFirst();
    if (!key || key.revoked_at || !sameHash(key.secret_hash, sha256(parsed.secret))) return undefined;
    if (!key.last_used_at || key.last_used_at.getTime() + TOUCH_EVERY_MS < Date.now()) {
      await tx.updateTable("core.api_keys").set({ last_used_at: new Date() }).where("id", "=", key.id).execute();
    }
    return {
      kind: "apiKey" as const,
      actor: `apikey:${key.id}`,
      keyId: key.id,
      name: key.name,
      tenantId: key.tenant_id,
      organisationId: key.organisation_id ?? undefined,
      permissions: new Set(key.permissions),
    };
  });
}
