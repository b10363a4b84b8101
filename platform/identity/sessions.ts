/**
 * Browser sessions: a random token in an HttpOnly cookie, its SHA-256 in core.sessions. Sessions end after
 * 12 hours without use or 7 days in all; each carries a CSRF token that unsafe requests must echo.
 */
import type { Kysely } from "kysely";
import type { CoreDatabase } from "../db/schema.ts";
import { type Role } from "./permissions.ts";
import { type ExtraGrants, permissionsOf } from "./permissions.ts";
import type { UserPrincipal } from "./principal.ts";
import { randomToken, sha256 } from "./tokens.ts";
import { withAuth } from "./with-auth.ts";

export const SESSION_IDLE_MS = 12 * 3600_000;
export const SESSION_MAX_MS = 7 * 24 * 3600_000;
/** last_seen_at is written at most this often, not on every request. */
const TOUCH_EVERY_MS = 60_000;

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export function createSession(
  db: Kysely<CoreDatabase>,
  accountId: string,
  actingTenantId: string | null,
  meta: { userAgent?: string; ip?: string } = {},
): Promise<NewSession> {
  const token = randomToken();
  const csrfToken = randomToken(18);
  const expiresAt = new Date(Date.now() + SESSION_MAX_MS);
  return withAuth(db, async (tx) => {
    await tx.insertInto("core.sessions").values({
      token_hash: sha256(token),
      account_id: accountId,
      acting_tenant_id: actingTenantId,
      csrf_token: csrfToken,
      expires_at: expiresAt,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
      ip: meta.ip ?? null,
    }).execute();
    return { token, csrfToken, expiresAt };
  });
}

export function endSession(db: Kysely<CoreDatabase>, token: string): Promise<void> {
  return withAuth(db, async (tx) => {
    await tx.deleteFrom("core.sessions").where("token_hash", "=", sha256(token)).execute();
  });
}

/**
 * Ends every session of an account (after a password change, except optionally the current one). Disabling a
 * member ends only the sessions acting in that district (platform/identity/users.ts).
 */
export function endAccountSessions(db: Kysely<CoreDatabase>, accountId: string, keepTokenHash?: string) {
  return withAuth(db, async (tx) => {
    let query = tx.deleteFrom("core.sessions").where("account_id", "=", accountId);
    if (keepTokenHash) query = query.where("token_hash", "<>", keepTokenHash);
    await query.execute();
  });
}

/** The principal behind a session token, or undefined when the session is unknown, expired or idle too long. */
export function resolveSession(
  db: Kysely<CoreDatabase>,
  token: string,
  extraGrants: ExtraGrants = {},
): Promise<UserPrincipal | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return Promise.resolve(undefined);
  const tokenHash = sha256(token);
  return withAuth(db, async (tx) => {
    const session = await tx.selectFrom("core.sessions as s")
      .innerJoin("core.accounts as a", "a.id", "s.account_id")
      .select([
        "s.account_id",
        "s.acting_tenant_id",
        "s.csrf_token",
        "s.last_seen_at",
        "s.expires_at",
        "a.login",
        "a.display_name",
        "a.status",
      ])
      .where("s.token_hash", "=", tokenHash)
      .executeTakeFirst();
    const now = Date.now();
    if (!session || session.status !== "active") return undefined;
    if (session.expires_at.getTime() < now || session.last_seen_at.getTime() + SESSION_IDLE_MS < now) {
      await tx.deleteFrom("core.sessions").where("token_hash", "=", tokenHash).execute();
      return undefined;
    }
    if (session.last_seen_at.getTime() + TOUCH_EVERY_MS < now) {
      await tx.updateTable("core.sessions").set({ last_seen_at: new Date(now) }).where("token_hash", "=", tokenHash)
        .execute();
    }
    const grants = await tx.selectFrom("core.platform_grants").select(["role", "bureau_id"])
      .where("account_id", "=", session.account_id).execute();
    const memberships = await tx.selectFrom("core.memberships as m")
      .innerJoin("core.tenants as t", "t.id", "m.tenant_id")
      .select(["m.tenant_id", "m.role", "m.organisation_id", "t.slug", "t.name_zh", "t.name_en", "t.status"])
      .where("m.account_id", "=", session.account_id)
      // A membership disabled in a district gives no role there and the district is not offered.
      .where("m.status", "=", "active")
      .orderBy("t.slug")
      .execute();
    const acting = memberships.find((m) => m.tenant_id === session.acting_tenant_id && m.status === "active");
    const roles: Role[] = grants.map((g) => g.role);
    if (acting) roles.push(acting.role);
    const storeRole = acting && (acting.role === "store_owner" || acting.role === "store_staff");
    return {
      kind: "user",
      actor: `user:${session.account_id}`,
      accountId: session.account_id,
      login: session.login,
      displayName: session.display_name,
      roles,
      permissions: permissionsOf(roles, extraGrants),
      tenantId: acting?.tenant_id,
      organisationId: storeRole ? acting.organisation_id : undefined,
      bureauId: grants.find((g) => g.role === "bureau_officer")?.bureau_id ?? undefined,
      sessionTokenHash: tokenHash,
      csrfToken: session.csrf_token,
      tenants: memberships.filter((m) => m.status === "active").map((m) => ({
        id: m.tenant_id,
        slug: m.slug,
        nameZh: m.name_zh,
        nameEn: m.name_en,
        role: m.role,
      })),
    };
  });
}

/** Switches the district a session acts in; only to a district the account is a member of. */
export function switchSessionTenant(db: Kysely<CoreDatabase>, principal: UserPrincipal, tenantId: string) {
  if (!principal.tenants.some((t) => t.id === tenantId)) return Promise.resolve(false);
  return withAuth(db, async (tx) => {
    await tx.updateTable("core.sessions").set({ acting_tenant_id: tenantId })
      .where("token_hash", "=", principal.sessionTokenHash).execute();
    return true;
  });
}
