/**
 * Member sessions on the consumer pages (H5) and in apps. A session is a random token: the H5 pages keep it in an
 * HttpOnly, SameSite=Strict cookie named per district, apps send it as `Authorization: Bearer mbr_…`. Only its
 * SHA-256 is stored, so a database dump holds no usable token.
 */
import type { Context } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import { ProblemError } from "../../../platform/sdk.ts";
import type { MembershipCtx, MembershipTx } from "../context.ts";

const TOKEN_PREFIX = "mbr_";
export const SESSION_DAYS = 30;

export function memberCookieName(districtSlug: string): string {
  return `member_${districtSlug.replace(/[^a-z0-9]/gi, "_")}`;
}

async function sha256(value: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(value));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return TOKEN_PREFIX + btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Starts a session for the member; the token is returned once and never stored. */
export async function issueMemberSession(
  tx: MembershipTx,
  tenantId: string,
  memberId: string,
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomToken();
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
  await tx.insertInto("plugin_membership.member_sessions").values({
    tenant_id: tenantId,
    token_hash: await sha256(token),
    member_id: memberId,
    expires_at: expiresAt,
  }).execute();
  return { token, expiresAt };
}

export async function endMemberSession(tx: MembershipTx, token: string): Promise<void> {
  await tx.updateTable("plugin_membership.member_sessions").set({ revoked_at: new Date() })
    .where("token_hash", "=", await sha256(token)).where("revoked_at", "is", null).execute();
}

function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === "https:" || c.req.header("x-forwarded-proto") === "https";
}

/**
 * The H5 pages' copy of the token: HttpOnly (no script reads it), SameSite=Strict (no other site's page can make
 * the browser send it, which is what stands in for a CSRF token on the member's routes), Secure over https.
 */
export function setMemberCookie(c: Context, districtSlug: string, token: string, expiresAt: Date): void {
  setCookie(c, memberCookieName(districtSlug), token, {
    httpOnly: true,
    sameSite: "Strict",
    secure: isHttps(c),
    path: "/",
    expires: expiresAt,
  });
}

export function clearMemberCookie(c: Context, districtSlug: string): void {
  deleteCookie(c, memberCookieName(districtSlug), { path: "/", secure: isHttps(c), sameSite: "Strict" });
}

/** The session token the request carries: the Bearer header, else the district's member cookie. */
export function memberTokenOf(c: Context, districtSlug: string): string | undefined {
  const header = c.req.header("authorization");
  if (header?.startsWith(`Bearer ${TOKEN_PREFIX}`)) return header.slice("Bearer ".length);
  const cookie = c.req.header("cookie") ?? "";
  const name = memberCookieName(districtSlug);
  for (const part of cookie.split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return decodeURIComponent(value.join("="));
  }
  return undefined;
}

/** The member id of a live session, or undefined. */
export async function memberOfToken(tx: MembershipTx, token: string): Promise<string | undefined> {
  const row = await tx.selectFrom("plugin_membership.member_sessions as s")
    .innerJoin(
      "plugin_membership.members as m",
      (join) => join.onRef("m.tenant_id", "=", "s.tenant_id").onRef("m.id", "=", "s.member_id"),
    )
    .select("s.member_id")
    .where("s.token_hash", "=", await sha256(token))
    .where("s.revoked_at", "is", null)
    .where("s.expires_at", ">", new Date())
    .where("m.status", "=", "active")
    .executeTakeFirst();
  return row?.member_id;
}

/**
 * The signed-in member of a public route `/public/{district}/…`; 401 problem+json without a live session. Routes
 * for members call this first and act only on that member's data.
 */
export async function requireMember(c: Context, plugin: MembershipCtx): Promise<string> {
  const district = c.req.param("district") ?? "";
  const token = memberTokenOf(c, district);
  const memberId = token ? await plugin.withTenant((tx) => memberOfToken(tx, token)) : undefined;
  if (!memberId) throw new ProblemError(401, "Sign in as a member first.");
  return memberId;
}

/** The signed-in member of a public route, or undefined: for pages anyone may see that mark what is the member's. */
export async function optionalMember(c: Context, plugin: MembershipCtx): Promise<string | undefined> {
  const token = memberTokenOf(c, c.req.param("district") ?? "");
  return token ? await plugin.withTenant((tx) => memberOfToken(tx, token)) : undefined;
}
