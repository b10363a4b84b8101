/**
 * Sign-in with login and password. Five wrong passwords in a row lock the account for 15 minutes (doubling
 * with each further lock), and the answer never says whether the login exists. Every sign-in and every
 * failure on a known account is audited: in the district the session acts in, else on the platform chain.
 */
import type { Kysely } from "kysely";
import { appendAudit, appendPlatformAudit } from "../audit/audit-log.ts";
import type { CoreDatabase } from "../db/schema.ts";
import { withPlatform, withTenant } from "../db/tenant.ts";
import { hashPassword, needsRehash, verifyPassword } from "./password.ts";
import { createSession, type NewSession } from "./sessions.ts";
import { withAuth } from "./with-auth.ts";
import type { AuditEntryInput } from "../audit/types.ts";

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCK_MS = 15 * 60_000;

export class SignInError extends Error {
  constructor(public readonly reason: "invalid" | "locked" | "disabled", public readonly lockedUntil?: Date) {
    super(
      reason === "locked"
        ? `too many wrong passwords; try again after ${lockedUntil?.toISOString()}`
        : reason === "disabled"
        ? "this account is disabled"
        : "the login or the password is wrong",
    );
    this.name = "SignInError";
  }
}

// Verifying against a fixed hash when the login is unknown keeps the answer time the same.
let decoyHash: Promise<string> | undefined;

export async function auditIdentityEvent(
  db: Kysely<CoreDatabase>,
  tenantId: string | null | undefined,
  entry: AuditEntryInput,
): Promise<void> {
  if (tenantId) await withTenant(db, tenantId, (tx) => appendAudit(tx, entry));
  else {
    await withPlatform(
      db,
      { actor: entry.actor, purpose: "audit an identity event" },
      (tx) => appendPlatformAudit(tx, entry),
    );
  }
}

export async function signIn(
  db: Kysely<CoreDatabase>,
  credentials: { login: string; password: string; tenantSlug?: string },
  meta: { userAgent?: string; ip?: string } = {},
): Promise<NewSession & { accountId: string; tenantId: string | null }> {
  const login = credentials.login.trim().toLowerCase();
  const found = await withAuth(db, async (tx) => {
    const account = await tx.selectFrom("core.accounts").selectAll().where("login", "=", login).executeTakeFirst();
    if (!account) return undefined;
    const memberships = await tx.selectFrom("core.memberships as m").innerJoin(
      "core.tenants as t",
      "t.id",
      "m.tenant_id",
    )
      .select(["m.tenant_id", "m.status", "t.slug"]).where("m.account_id", "=", account.id)
      .where("t.status", "=", "active")
      .orderBy("t.slug").execute();
    const grants = await tx.selectFrom("core.platform_grants").select("role").where("account_id", "=", account.id)
      .execute();
    return { account, memberships, hasGrants: grants.length > 0 };
  });
  if (!found || !found.account.password_hash) {
    decoyHash ??= hashPassword("decoy password 0");
    await verifyPassword(credentials.password, await decoyHash);
    throw new SignInError("invalid");
  }
  const { account, hasGrants } = found;
  const memberships = found.memberships.filter((m) => m.status === "active");
  const passwordHash = found.account.password_hash;
  const tenantId =
    (credentials.tenantSlug
      ? memberships.find((m) => m.slug === credentials.tenantSlug)?.tenant_id
      : memberships[0]?.tenant_id) ?? null;
  // Disabled in the named district, or in every district of a person with no platform role: refused, once the
  // password is right (so the answer says nothing to someone who does not know it).
  const disabledHere = credentials.tenantSlug
    ? found.memberships.some((m) => m.slug === credentials.tenantSlug && m.status === "disabled")
    : !hasGrants && memberships.length === 0 && found.memberships.length > 0;
  const actor = `user:${account.id}`;
  if (account.status === "disabled") throw new SignInError("disabled");
  if (account.locked_until && account.locked_until.getTime() > Date.now()) {
    throw new SignInError("locked", account.locked_until);
  }
  if (!(await verifyPassword(credentials.password, passwordHash))) {
    const attempts = account.failed_attempts + 1;
    const locks = Math.floor(attempts / MAX_FAILED_ATTEMPTS);
    const lockedUntil = attempts % MAX_FAILED_ATTEMPTS === 0 ? new Date(Date.now() + LOCK_MS * 2 ** (locks - 1)) : null;
    await withAuth(
      db,
      (tx) =>
        tx.updateTable("core.accounts").set({ failed_attempts: attempts, locked_until: lockedUntil })
          .where("id", "=", account.id).execute(),
    );
    await auditIdentityEvent(db, tenantId, {
      actor,
      action: "auth.sign-in-failed",
      target: `account:${account.id}`,
      details: { attempts, locked: lockedUntil !== null, ip: meta.ip ?? null },
    });
    if (lockedUntil) throw new SignInError("locked", lockedUntil);
    throw new SignInError("invalid");
  }
  if (disabledHere) {
    const disabledIn = credentials.tenantSlug
      ? found.memberships.find((m) => m.slug === credentials.tenantSlug)!.tenant_id
      : found.memberships[0].tenant_id;
    await auditIdentityEvent(db, disabledIn, {
      actor,
      action: "auth.sign-in-refused",
      target: `account:${account.id}`,
      details: { reason: "disabled", ip: meta.ip ?? null },
    });
    throw new SignInError("disabled");
  }
  const rehash = needsRehash(passwordHash) ? await hashPassword(credentials.password) : undefined;
  await withAuth(db, (tx) =>
    tx.updateTable("core.accounts")
      .set({
        failed_attempts: 0,
        locked_until: null,
        last_sign_in_at: new Date(),
        ...(rehash ? { password_hash: rehash } : {}),
      })
      .where("id", "=", account.id).execute());
  const session = await createSession(db, account.id, tenantId, meta);
  await auditIdentityEvent(db, tenantId, {
    actor,
    action: "auth.sign-in",
    target: `account:${account.id}`,
    details: { ip: meta.ip ?? null },
  });
  return { ...session, accountId: account.id, tenantId };
}
