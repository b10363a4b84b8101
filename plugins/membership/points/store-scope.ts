/** Store users act for their own store only: the store comes from who is signed in, never from the request. */
import { ProblemError } from "../../../platform/sdk.ts";
import type { MembershipCtx, MembershipTx } from "../context.ts";
import type { Principal } from "../../../platform/sdk.ts";
import { participates } from "./participation.ts";

export function storeOfCaller(plugin: { principal?: Principal }): string {
  const storeId = plugin.principal?.organisationId;
  if (!storeId) throw new ProblemError(403, "Only a store's own people do this, for their store.");
  return storeId;
}

/** 403 for a store that does not take part in the alliance points (or is closed). */
export async function requireParticipating(tx: MembershipTx, plugin: MembershipCtx, storeId: string): Promise<void> {
  if (!await participates(tx, storeId, plugin.config.pointsStoresParticipateByDefault)) {
    throw new ProblemError(403, "This store does not take part in the district's alliance points.");
  }
}

/** The entry a request key already made, to answer a retry with it (or refuse a key reused for another request). */
export async function entryByKey(tx: MembershipTx, idempotencyKey: string) {
  return await tx.selectFrom("plugin_membership.points_ledger as l")
    .innerJoin(
      "plugin_membership.members as m",
      (j) => j.onRef("m.tenant_id", "=", "l.tenant_id").onRef("m.id", "=", "l.member_id"),
    )
    .select(["l.id", "l.member_id", "m.member_no", "l.points", "l.balance_after"])
    .where("l.idempotency_key", "=", idempotencyKey).executeTakeFirst();
}

/** A retry of the same request answers what the first did; the same key for something else is a mistake. */
export function replayOf(
  prior: Awaited<ReturnType<typeof entryByKey>>,
  request: { memberId: string; points: number },
) {
  if (!prior) return undefined;
  if (prior.member_id !== request.memberId || prior.points !== request.points) {
    throw new ProblemError(422, "This idempotency key was already used for another request.", [
      { field: "idempotencyKey", message: "already used for a different request; use a new one" },
    ]);
  }
  return { entryId: prior.id, memberNo: prior.member_no, points: Math.abs(prior.points), balance: prior.balance_after };
}
