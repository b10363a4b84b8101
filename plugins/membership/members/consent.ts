/**
 * The member's marketing consent (精准营销授权, Xuzhou 7.3.1–7.3.2): recorded in the core's append-only consent
 * history under the member id, only when it changes (or was never given either way), so signing in again with the
 * box in the same state adds no noise to the proof.
 */
import type { MembershipCtx, MembershipTx } from "../context.ts";
import { membersSettings } from "./config.ts";

export const MARKETING = "marketing";

export interface ConsentState {
  granted: boolean;
  /** null: never asked or never answered. */
  decidedAt: string | null;
  channel: string | null;
}

export async function marketingConsentOf(tx: MembershipTx, memberId: string): Promise<ConsentState> {
  const latest = await tx.selectFrom("core.consent_events").select(["decision", "decided_at", "channel"])
    .where("subject_id", "=", memberId).where("purpose", "=", MARKETING)
    .orderBy("decided_at", "desc").orderBy("id", "desc").limit(1).executeTakeFirst();
  return latest
    ? { granted: latest.decision === "granted", decidedAt: latest.decided_at.toISOString(), channel: latest.channel }
    : { granted: false, decidedAt: null, channel: null };
}

/** Records the member's own decision when it differs from the current one; true when something was recorded. */
export async function decideMarketing(
  ctx: MembershipCtx,
  tx: MembershipTx,
  memberId: string,
  granted: boolean,
  channel: string,
): Promise<boolean> {
  const current = await marketingConsentOf(tx, memberId);
  if (current.decidedAt !== null && current.granted === granted) return false;
  await ctx.privacy.recordConsent(tx, {
    subjectId: memberId,
    purpose: MARKETING,
    decision: granted ? "granted" : "withdrawn",
    channel,
    policyVersion: membersSettings.parse(ctx.config ?? {}).membersPolicyVersion,
    recordedBy: "subject",
  });
  return true;
}
