/**
 * SMS verification codes: six digits, valid five minutes, five guesses, at most one a minute and ten a day per
 * number (the district may tune the two limits). The limits are counted from the codes table itself under a lock
 * per number, so two requests at the same moment cannot both slip under them.
 */
import { sql } from "kysely";
import { ProblemError, uuidv7 } from "../../../platform/sdk.ts";
import type { MembershipCtx, MembershipTx } from "../context.ts";
import { membersSettings } from "./config.ts";
import type { SmsSender } from "./sms.ts";

export const CODE_TTL_MS = 5 * 60_000;
export const CODE_MAX_ATTEMPTS = 5;
const DAY_MS = 86_400_000;
/** The pseudonym scope of code hashes: a code's hash can never equal a member_ref or another scope's value. */
const CODE_HASH_SCOPE = "member-code";

/** A 429 that also says when to try again (the Retry-After header). */
export class TooManyCodes extends ProblemError {
  constructor(readonly retryAfterSeconds: number, detail: string) {
    super(429, detail);
  }
}

function sixDigits(): string {
  // 10^6 does not divide 2^32 evenly; rejecting the top sliver keeps every code equally likely.
  const limit = Math.floor(0x1_0000_0000 / 1_000_000) * 1_000_000;
  for (;;) {
    const [n] = crypto.getRandomValues(new Uint32Array(1));
    if (n < limit) return String(n % 1_000_000).padStart(6, "0");
  }
}

async function codeHash(ctx: MembershipCtx, tx: MembershipTx, codeId: string, code: string): Promise<string> {
  return await (await ctx.privacy.cipher(tx)).pseudonym(`${codeId}:${code}`, CODE_HASH_SCOPE);
}

/** Serialises code work on one number for the rest of the transaction. */
async function lockNumber(tx: MembershipTx, tenantId: string, mobileIndex: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`membership-code:${tenantId}:${mobileIndex}`}, 0))`
    .execute(tx);
}

/**
 * Sends a new code to the number, or refuses with 429 and the seconds to wait. The SMS goes out inside the
 * transaction: a gateway failure rolls the code back, so it does not count against the person's limits.
 */
export async function sendCode(
  ctx: MembershipCtx,
  sender: SmsSender,
  mobile: string,
): Promise<{ expiresAt: Date; resendAfterSeconds: number }> {
  const settings = membersSettings.parse(ctx.config ?? {});
  return await ctx.withTenant(async (tx) => {
    const cipher = await ctx.privacy.cipher(tx);
    const mobileIndex = await cipher.blindIndex("phone", mobile);
    await lockNumber(tx, ctx.tenantId, mobileIndex);
    const now = Date.now();
    const recent = await tx.selectFrom("plugin_membership.member_codes").select("created_at")
      .where("mobile_index", "=", mobileIndex).where("created_at", ">", new Date(now - DAY_MS))
      .orderBy("created_at", "asc").execute();
    const interval = settings.membersCodeIntervalSeconds * 1000;
    const last = recent.at(-1);
    if (last && now - last.created_at.getTime() < interval) {
      const wait = Math.ceil((last.created_at.getTime() + interval - now) / 1000);
      throw new TooManyCodes(wait, `A code was sent to this number moments ago; ask again in ${wait} s.`);
    }
    if (recent.length >= settings.membersCodesPerDay) {
      const wait = Math.ceil(
        (recent[recent.length - settings.membersCodesPerDay].created_at.getTime() + DAY_MS - now) / 1000,
      );
      throw new TooManyCodes(wait, "This number has had today's codes; please try again tomorrow.");
    }
    const id = uuidv7();
    const code = sixDigits();
    const expiresAt = new Date(now + CODE_TTL_MS);
    // Only the latest code counts (checkCode reads no other): an older one in the inbox stops working now.
    await tx.insertInto("plugin_membership.member_codes").values({
      tenant_id: ctx.tenantId,
      id,
      mobile_index: mobileIndex,
      code_hash: await codeHash(ctx, tx, id, code),
      created_at: new Date(now),
      expires_at: expiresAt,
    }).execute();
    const sent = await sender.send({
      tenantId: ctx.tenantId,
      mobile,
      template: "member-code",
      params: { code, minutes: String(CODE_TTL_MS / 60_000) },
    });
    await tx.updateTable("plugin_membership.member_codes").set({ sms_id: sent.id }).where("id", "=", id).execute();
    return { expiresAt, resendAfterSeconds: settings.membersCodeIntervalSeconds };
  });
}

export type CodeCheck = "ok" | "wrong" | "expired" | "exhausted";

/**
 * Checks a code against the number's latest one and uses it up when right, in the caller's transaction: the caller
 * joins and signs the member in within the same transaction, so a failure there leaves the code usable. A wrong
 * guess must be committed although the request fails (the caller returns, then answers 422), so failing requests
 * still spend the five guesses.
 */
export async function checkCode(
  ctx: MembershipCtx,
  tx: MembershipTx,
  mobile: string,
  code: string,
): Promise<CodeCheck> {
  const cipher = await ctx.privacy.cipher(tx);
  const mobileIndex = await cipher.blindIndex("phone", mobile);
  await lockNumber(tx, ctx.tenantId, mobileIndex);
  const latest = await tx.selectFrom("plugin_membership.member_codes")
    .select(["id", "code_hash", "expires_at", "attempts", "used_at"])
    .where("mobile_index", "=", mobileIndex).orderBy("created_at", "desc").orderBy("id", "desc")
    .limit(1).executeTakeFirst();
  if (!latest || latest.used_at || latest.expires_at.getTime() <= Date.now()) return "expired";
  if (latest.attempts >= CODE_MAX_ATTEMPTS) return "exhausted";
  if (await codeHash(ctx, tx, latest.id, code) === latest.code_hash) {
    await tx.updateTable("plugin_membership.member_codes").set({ used_at: new Date() })
      .where("id", "=", latest.id).execute();
    return "ok";
  }
  const attempts = latest.attempts + 1;
  await tx.updateTable("plugin_membership.member_codes").set({ attempts }).where("id", "=", latest.id).execute();
  return attempts >= CODE_MAX_ATTEMPTS ? "exhausted" : "wrong";
}
