/**
 * Which stores take part in the alliance points (积分联盟): only they earn points for their members' sales and
 * take points in payment. The operator decides per store; a store the operator has not decided on follows the
 * setting pointsStoresParticipateByDefault (on by default: a store that joins the district joins the alliance).
 * A closed store takes part in nothing.
 */
import type { MembershipTx } from "../context.ts";

export interface StoreParticipation {
  storeId: string;
  name: string;
  participates: boolean;
  /** False when the store follows the default. */
  decided: boolean;
  updatedAt: string | null;
}

export async function listParticipation(tx: MembershipTx, byDefault: boolean): Promise<StoreParticipation[]> {
  const rows = await tx.selectFrom("core.organisations as o")
    .leftJoin(
      "plugin_membership.points_participation as p",
      (join) => join.onRef("p.tenant_id", "=", "o.tenant_id").onRef("p.store_id", "=", "o.id"),
    )
    .select(["o.id", "o.name", "p.participates", "p.updated_at"])
    .where("o.kind", "=", "store").where("o.status", "=", "active")
    .orderBy("o.name").orderBy("o.id").execute();
  return rows.map((row) => ({
    storeId: row.id,
    name: row.name,
    participates: row.participates ?? byDefault,
    decided: row.participates !== null,
    updatedAt: row.updated_at ? new Date(row.updated_at).toISOString() : null,
  }));
}

/** Undefined when there is no such active store in the district. */
export async function participates(
  tx: MembershipTx,
  storeId: string,
  byDefault: boolean,
): Promise<boolean | undefined> {
  const row = await tx.selectFrom("core.organisations as o")
    .leftJoin(
      "plugin_membership.points_participation as p",
      (join) => join.onRef("p.tenant_id", "=", "o.tenant_id").onRef("p.store_id", "=", "o.id"),
    )
    .select(["o.id", "o.status", "p.participates"])
    .where("o.id", "=", storeId).where("o.kind", "=", "store").executeTakeFirst();
  if (!row || row.status !== "active") return undefined;
  return row.participates ?? byDefault;
}

export async function setParticipation(
  tx: MembershipTx,
  tenantId: string,
  storeId: string,
  value: boolean,
  actor: string,
): Promise<void> {
  await tx.insertInto("plugin_membership.points_participation")
    .values({ tenant_id: tenantId, store_id: storeId, participates: value, updated_by: actor })
    .onConflict((oc) =>
      oc.columns(["tenant_id", "store_id"]).doUpdateSet({
        participates: value,
        updated_by: actor,
        updated_at: new Date(),
      })
    ).execute();
}
