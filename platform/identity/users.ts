/**
 * People in a district: listing them, inviting staff, accepting an invitation, changing one's password.
 * Accounts are written as district_auth (asAuth) inside the tenant transaction that creates the membership,
 * so an invitation is created whole or not at all.
 */
import type { Kysely, Transaction } from "kysely";
import { appendAudit } from "../audit/audit-log.ts";
import type { CoreDatabase } from "../db/schema.ts";
import { withTenant } from "../db/tenant.ts";
import { uuidv7 } from "../ids.ts";
import { hashPassword, passwordProblem, verifyPassword } from "./password.ts";
import type { Principal, UserPrincipal } from "./principal.ts";
import type { TenantRole } from "./schema.ts";
import { endAccountSessions } from "./sessions.ts";
import { auditIdentityEvent } from "./sign-in.ts";
import { makeScopedToken, parseScopedToken, sameHash, sha256 } from "./tokens.ts";
import { asAuth, withAuth } from "./with-auth.ts";

export const INVITATION_TTL_MS = 7 * 24 * 3600_000;
const INVITE_PREFIX = "inv";

export class IdentityRequestError extends Error {
  constructor(public readonly field: string, message: string, public readonly status: 404 | 409 | 422 = 422) {
    super(message);
    this.name = "IdentityRequestError";
  }
}

export interface UserView {
  accountId: string;
  login: string;
  displayName: string;
  role: TenantRole;
  organisationId: string;
  status: string;
  lastSignInAt: string | null;
}

export function listUsers(db: Kysely<CoreDatabase>, principal: Principal & { tenantId: string }) {
  return withTenant(db, principal.tenantId, async (tx) => {
    let query = tx.selectFrom("core.memberships as m")
      .innerJoin("core.accounts as a", "a.id", "m.account_id")
      .select([
        "a.id",
        "a.login",
        "a.display_name",
        "a.status",
        "a.last_sign_in_at",
        "m.role",
        "m.organisation_id",
        "m.status as membership_status",
      ])
      .orderBy("a.login");
    if (principal.organisationId) query = query.where("m.organisation_id", "=", principal.organisationId);
    return (await query.execute()).map((r): UserView => ({
      accountId: r.id,
      login: r.login,
      displayName: r.display_name,
      role: r.role,
      organisationId: r.organisation_id,
      // Disabled in this district reads as disabled, whatever the platform-wide account says.
      status: r.membership_status === "disabled" ? "disabled" : r.status,
      lastSignInAt: r.last_sign_in_at?.toISOString() ?? null,
    }));
  });
}

/** Roles each inviter may hand out: operators staff the district, store owners staff their store. */
function invitableRoles(principal: Principal): TenantRole[] {
  if (principal.kind !== "user") return [];
  if (principal.roles.includes("operator_admin")) {
    return ["operator_admin", "operator_staff", "store_owner", "store_staff"];
  }
  if (principal.roles.includes("store_owner")) return ["store_owner", "store_staff"];
  return [];
}

function isStoreRole(role: TenantRole): boolean {
  return role === "store_owner" || role === "store_staff";
}

/** The member as the caller may see them: store owners reach only their own store's people, others get a 404. */
async function memberInReach(tx: Transaction<CoreDatabase>, principal: Principal, accountId: string) {
  let query = tx.selectFrom("core.memberships as m")
    .innerJoin(
      "core.organisations as o",
      (join) => join.onRef("o.tenant_id", "=", "m.tenant_id").onRef("o.id", "=", "m.organisation_id"),
    )
    .select(["m.account_id", "m.role", "m.status", "m.organisation_id", "o.kind"])
    .where("m.account_id", "=", accountId);
  if (principal.organisationId) query = query.where("m.organisation_id", "=", principal.organisationId);
  const member = await query.forUpdate("m").executeTakeFirst();
  if (!member) throw new IdentityRequestError("accountId", "no such person here", 404);
  return member;
}

/**
 * Changes a member's role and/or disables or re-enables them in the caller's district. Operator admins manage
 * everyone, store owners their own store's staff; a store role stays with the member's store and an operator role
 * with the operator organisation. Nobody demotes or disables themselves, and the district keeps at least one active
 * operator admin. Disabling ends the member's sessions acting in this district; every change is audited.
 */
export function updateMember(
  db: Kysely<CoreDatabase>,
  principal: Principal & { tenantId: string },
  accountId: string,
  change: { role?: TenantRole; disabled?: boolean },
): Promise<UserView> {
  return withTenant(db, principal.tenantId, async (tx) => {
    const member = await memberInReach(tx, principal, accountId);
    const self = principal.kind === "user" && principal.accountId === accountId;
    const role = change.role ?? member.role;
    const status = change.disabled === undefined ? member.status : change.disabled ? "disabled" : "active";
    if (role !== member.role) {
      if (!invitableRoles(principal).includes(role)) {
        throw new IdentityRequestError("role", `you cannot make someone ${role}`);
      }
      if (self) throw new IdentityRequestError("role", "you cannot change your own role");
      if (isStoreRole(role) !== (member.kind === "store")) {
        throw new IdentityRequestError(
          "role",
          member.kind === "store"
            ? "this person works for a store: choose a store role"
            : "this person works for the district operator: choose an operator role",
        );
      }
    }
    if (status !== member.status) {
      if (self) throw new IdentityRequestError("disabled", "you cannot disable yourself");
      // Store owners manage their staff; disabling another owner of the store is fine, operators are out of reach.
      if (!invitableRoles(principal).includes(member.role)) {
        throw new IdentityRequestError("disabled", `you cannot disable or enable a ${member.role}`);
      }
    }
    const wasActiveAdmin = member.role === "operator_admin" && member.status === "active";
    if (wasActiveAdmin && (role !== "operator_admin" || status !== "active")) {
      // Locks the other admins' rows so two admins demoting each other cannot both succeed.
      const others = await tx.selectFrom("core.memberships").select("account_id")
        .where("role", "=", "operator_admin").where("status", "=", "active").where("account_id", "<>", accountId)
        .forUpdate().execute();
      if (others.length === 0) {
        throw new IdentityRequestError(
          role !== member.role ? "role" : "disabled",
          "the district must keep at least one active operator admin",
          409,
        );
      }
    }
    if (role !== member.role || status !== member.status) {
      await tx.updateTable("core.memberships").set({ role, status }).where("account_id", "=", accountId).execute();
    }
    const target = `account:${accountId}`;
    if (role !== member.role) {
      await appendAudit(tx, {
        actor: principal.actor,
        action: "user.role-change",
        target,
        details: { from: member.role, to: role, organisationId: member.organisation_id },
      });
    }
    if (status !== member.status) {
      if (status === "disabled") {
        await asAuth(tx, () =>
          tx.deleteFrom("core.sessions").where("account_id", "=", accountId)
            .where("acting_tenant_id", "=", principal.tenantId).execute());
      }
      await appendAudit(tx, {
        actor: principal.actor,
        action: status === "disabled" ? "user.disable" : "user.enable",
        target,
        details: { role },
      });
    }
    const account = await tx.selectFrom("core.accounts")
      .select(["id", "login", "display_name", "status", "last_sign_in_at"])
      .where("id", "=", accountId).executeTakeFirstOrThrow();
    return {
      accountId,
      login: account.login,
      displayName: account.display_name,
      role,
      organisationId: member.organisation_id,
      status: status === "disabled" ? "disabled" : account.status,
      lastSignInAt: account.last_sign_in_at?.toISOString() ?? null,
    };
  });
}

async function issueInvitation(
  tx: Transaction<CoreDatabase>,
  tenantId: string,
  accountId: string,
  createdBy: string,
): Promise<{ id: string; token: string; expiresAt: Date }> {
  const id = uuidv7();
  const { token, secret } = makeScopedToken(INVITE_PREFIX, tenantId, id);
  const expiresAt = new Date(Date.now() + INVITATION_TTL_MS);
  await tx.insertInto("core.invitations").values({
    tenant_id: tenantId,
    id,
    account_id: accountId,
    token_hash: sha256(secret),
    created_by: createdBy,
    expires_at: expiresAt,
  }).execute();
  return { id, token, expiresAt };
}

/**
 * A new invitation for a member who has not chosen a password yet; their earlier invitations in this district
 * stop working (they expire now), and a store application's kept link to one is erased. 409 once they have a
 * password.
 */
export function reissueInvitation(
  db: Kysely<CoreDatabase>,
  principal: Principal & { tenantId: string },
  accountId: string,
): Promise<{ accountId: string; invitationToken: string; expiresAt: Date }> {
  return withTenant(db, principal.tenantId, async (tx) => {
    const member = await memberInReach(tx, principal, accountId);
    if (!invitableRoles(principal).includes(member.role)) {
      throw new IdentityRequestError("accountId", `you cannot invite a ${member.role}`);
    }
    const account = await asAuth(
      tx,
      () =>
        tx.selectFrom("core.accounts").select(["password_hash"]).where("id", "=", accountId)
          .executeTakeFirstOrThrow(),
    );
    if (account.password_hash) {
      throw new IdentityRequestError("accountId", "this person has already accepted an invitation", 409);
    }
    const now = new Date();
    const old = await tx.updateTable("core.invitations").set({ expires_at: now })
      .where("account_id", "=", accountId).where("accepted_at", "is", null).where("expires_at", ">", now)
      .returning("id").execute();
    if (old.length) {
      await tx.updateTable("core.store_applications").set({ invitation_token_enc: null })
        .where("invitation_id", "in", old.map((o) => o.id)).execute();
    }
    const invitation = await issueInvitation(tx, principal.tenantId, accountId, principal.actor);
    await appendAudit(tx, {
      actor: principal.actor,
      action: "user.reinvite",
      target: `account:${accountId}`,
      details: { invalidated: old.length },
    });
    return { accountId, invitationToken: invitation.token, expiresAt: invitation.expiresAt };
  });
}

/**
 * Creates an invited account and its membership inside the caller's tenant transaction, and returns the
 * invitation token (shown once). Used by staff invitations and by store approval.
 */
export async function inviteInTransaction(
  tx: Transaction<CoreDatabase>,
  tenantId: string,
  invite: { login: string; displayName: string; role: TenantRole; organisationId: string; createdBy: string },
): Promise<{ accountId: string; invitationToken: string; expiresAt: Date }> {
  const login = invite.login.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9._@-]{2,63}$/.test(login)) {
    throw new IdentityRequestError("login", "must be 3–64 letters, digits or . _ - @, starting with a letter or digit");
  }
  const accountId = uuidv7();
  const taken = await asAuth(
    tx,
    () => tx.selectFrom("core.accounts").select("id").where("login", "=", login).executeTakeFirst(),
  );
  if (taken) throw new IdentityRequestError("login", "this login is already taken", 409);
  await asAuth(tx, () =>
    tx.insertInto("core.accounts").values({
      id: accountId,
      login,
      display_name: invite.displayName,
      status: "invited",
    }).execute());
  await tx.insertInto("core.memberships").values({
    tenant_id: tenantId,
    account_id: accountId,
    role: invite.role,
    organisation_id: invite.organisationId,
  }).execute();
  const { token, expiresAt } = await issueInvitation(tx, tenantId, accountId, invite.createdBy);
  await appendAudit(tx, {
    actor: invite.createdBy,
    action: "user.invite",
    target: `account:${accountId}`,
    details: { login, role: invite.role, organisationId: invite.organisationId },
  });
  return { accountId, invitationToken: token, expiresAt };
}

export function inviteUser(
  db: Kysely<CoreDatabase>,
  principal: Principal & { tenantId: string },
  request: { login: string; displayName: string; role: TenantRole; organisationId?: string },
) {
  if (!invitableRoles(principal).includes(request.role)) {
    return Promise.reject(new IdentityRequestError("role", `you cannot invite someone as ${request.role}`));
  }
  return withTenant(db, principal.tenantId, async (tx) => {
    let organisationId = principal.organisationId ?? request.organisationId;
    if (!isStoreRole(request.role)) {
      const operator = await tx.selectFrom("core.organisations").select("id").where("kind", "=", "operator")
        .executeTakeFirst();
      if (!operator) throw new IdentityRequestError("role", "this district has no operator organisation yet");
      organisationId = operator.id;
    } else {
      if (!organisationId) throw new IdentityRequestError("organisationId", "name the store the person works for");
      const store = await tx.selectFrom("core.organisations").select("id").where("id", "=", organisationId)
        .where("kind", "=", "store").executeTakeFirst();
      if (!store) throw new IdentityRequestError("organisationId", "no such store in this district");
    }
    return inviteInTransaction(tx, principal.tenantId, {
      login: request.login,
      displayName: request.displayName,
      role: request.role,
      organisationId: organisationId!,
      createdBy: principal.actor,
    });
  });
}

/** What an invitation page shows before the password is chosen. */
export function describeInvitation(db: Kysely<CoreDatabase>, token: string) {
  const parsed = parseScopedToken(INVITE_PREFIX, token);
  if (!parsed) return Promise.resolve(undefined);
  return withTenant(db, parsed.tenantId, async (tx) => {
    const invitation = await tx.selectFrom("core.invitations as i")
      .innerJoin("core.accounts as a", "a.id", "i.account_id")
      .innerJoin("core.tenants as t", "t.id", "i.tenant_id")
      .select(["i.token_hash", "i.expires_at", "i.accepted_at", "a.login", "a.display_name", "t.name_zh", "t.name_en"])
      .where("i.id", "=", parsed.recordId).executeTakeFirst();
    if (!invitation || !sameHash(invitation.token_hash, sha256(parsed.secret))) return undefined;
    return {
      login: invitation.login,
      displayName: invitation.display_name,
      district: { zh: invitation.name_zh, en: invitation.name_en },
      expired: invitation.expires_at.getTime() < Date.now(),
      accepted: invitation.accepted_at !== null,
    };
  });
}

export function acceptInvitation(db: Kysely<CoreDatabase>, token: string, password: string) {
  const parsed = parseScopedToken(INVITE_PREFIX, token);
  if (!parsed) return Promise.reject(new IdentityRequestError("token", "this invitation link is not valid", 404));
  return withTenant(db, parsed.tenantId, async (tx) => {
    const invitation = await tx.selectFrom("core.invitations").selectAll().where("id", "=", parsed.recordId)
      .forUpdate().executeTakeFirst();
    if (!invitation || !sameHash(invitation.token_hash, sha256(parsed.secret))) {
      throw new IdentityRequestError("token", "this invitation link is not valid", 404);
    }
    if (invitation.accepted_at) throw new IdentityRequestError("token", "this invitation was already used", 409);
    if (invitation.expires_at.getTime() < Date.now()) {
      throw new IdentityRequestError("token", "this invitation has expired; ask for a new one", 409);
    }
    const account = await asAuth(
      tx,
      () =>
        tx.selectFrom("core.accounts").select(["id", "login"]).where("id", "=", invitation.account_id)
          .executeTakeFirstOrThrow(),
    );
    const problem = passwordProblem(password, account.login);
    if (problem) throw new IdentityRequestError("password", `the password ${problem}`);
    const hash = await hashPassword(password);
    await asAuth(
      tx,
      () =>
        tx.updateTable("core.accounts").set({ password_hash: hash, status: "active", password_changed_at: new Date() })
          .where("id", "=", account.id).execute(),
    );
    await tx.updateTable("core.invitations").set({ accepted_at: new Date() }).where("id", "=", invitation.id).execute();
    await appendAudit(tx, {
      actor: `user:${account.id}`,
      action: "user.invitation-accepted",
      target: `account:${account.id}`,
    });
    return { login: account.login, tenantId: parsed.tenantId };
  });
}

/** Changes one's own password; other sessions of the account end. */
export async function changePassword(
  db: Kysely<CoreDatabase>,
  principal: UserPrincipal,
  current: string,
  next: string,
): Promise<void> {
  const stored = await withAuth(
    db,
    (tx) =>
      tx.selectFrom("core.accounts").select("password_hash").where("id", "=", principal.accountId)
        .executeTakeFirstOrThrow(),
  );
  if (!stored.password_hash || !(await verifyPassword(current, stored.password_hash))) {
    throw new IdentityRequestError("currentPassword", "the current password is wrong");
  }
  const problem = passwordProblem(next, principal.login);
  if (problem) throw new IdentityRequestError("newPassword", `the password ${problem}`);
  const hash = await hashPassword(next);
  await withAuth(
    db,
    (tx) =>
      tx.updateTable("core.accounts").set({ password_hash: hash, password_changed_at: new Date() })
        .where("id", "=", principal.accountId).execute(),
  );
  await endAccountSessions(db, principal.accountId, principal.sessionTokenHash);
  await auditIdentityEvent(db, principal.tenantId, {
    actor: principal.actor,
    action: "auth.password-change",
    target: `account:${principal.accountId}`,
  });
}
