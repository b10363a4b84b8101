/** Writing outcomes onto delivery rows, many rows per statement. */
import { sql } from "kysely";
import type { MembershipTx } from "../context.ts";
import type { Channel, DeliveryStatus } from "./schema.ts";

export interface DeliveryKey {
  memberId: string;
  channel: Channel;
}

export interface DeliveryChange {
  status: DeliveryStatus;
  reason?: string | null;
  providerId?: string | null;
}

/**
 * Sets the change on the rows still in `from` (so a result never overwrites what another run decided since);
 * returns how many rows changed.
 */
export async function setDeliveries(
  tx: MembershipTx,
  campaignId: string,
  keys: readonly DeliveryKey[],
  change: DeliveryChange,
  from: DeliveryStatus,
): Promise<number> {
  if (keys.length === 0) return 0;
  const now = new Date();
  const result = await tx.updateTable("plugin_membership.campaign_deliveries").set({
    status: change.status,
    reason: change.reason?.slice(0, 300) ?? null,
    provider_id: change.providerId?.slice(0, 200) ?? null,
    ...(change.status === "sending" ? { claimed_at: now } : { decided_at: now }),
  })
    .where("campaign_id", "=", campaignId)
    .where("status", "=", from)
    .where(
      sql<boolean>`(member_id, channel) in (${
        sql.join(keys.map((key) => sql`(${key.memberId}::uuid, ${key.channel}::text)`))
      })`,
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
