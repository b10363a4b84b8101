/**
 * A store's facts that the ratios divide by: floor area (营业面积, m², for 坪效) and staff count (店总人数, for 人效).
 * Stores state them when they apply; operators keep them current here. A change is audited with the values before
 * and after; sending the values already stored changes nothing and records nothing.
 */
import type { Transaction } from "kysely";
import { appendAudit } from "../audit/audit-log.ts";
import type { CoreDatabase } from "../db/schema.ts";
import { ProblemError } from "../http/problem.ts";

export interface StoreFactsInput {
  areaM2?: number | null;
  staffCount?: number | null;
}

export interface StoreFactsView {
  id: string;
  name: string;
  status: "active" | "closed";
  areaM2: number | null;
  staffCount: number | null;
}

/** Runs inside withTenant; 404 for a store that is not the district's. */
export async function updateStoreFacts(
  tx: Transaction<CoreDatabase>,
  actor: string,
  storeId: string,
  input: StoreFactsInput,
): Promise<StoreFactsView> {
  const store = await tx.selectFrom("core.organisations").select(["id", "name", "status", "area_m2", "staff_count"])
    .where("id", "=", storeId).where("kind", "=", "store").forUpdate().executeTakeFirst();
  if (!store) throw new ProblemError(404, "There is no such store in this district.");
  const before = { areaM2: store.area_m2 === null ? null : Number(store.area_m2), staffCount: store.staff_count };
  const after = {
    areaM2: input.areaM2 === undefined ? before.areaM2 : input.areaM2,
    staffCount: input.staffCount === undefined ? before.staffCount : input.staffCount,
  };
  if (after.areaM2 !== before.areaM2 || after.staffCount !== before.staffCount) {
    await tx.updateTable("core.organisations").set({ area_m2: after.areaM2, staff_count: after.staffCount })
      .where("id", "=", storeId).execute();
    await appendAudit(tx, {
      actor,
      action: "store.facts-change",
      target: `store:${storeId}`,
      details: { from: before, to: after },
    });
  }
  return { id: store.id, name: store.name, status: store.status, ...after };
}
