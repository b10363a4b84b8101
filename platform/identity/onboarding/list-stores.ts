/** Stores of a district for operators; a store user (or store-scoped key) sees only its own store. */
import type { Kysely } from "kysely";
import type { CoreDatabase } from "../../db/schema.ts";
import { withTenant } from "../../db/tenant.ts";
import type { Principal } from "../principal.ts";

export interface StoreView {
  id: string;
  name: string;
  creditCode: string | null;
  category: string | null;
  floor: string | null;
  unit: string | null;
  areaM2: number | null;
  staffCount: number | null;
  status: "active" | "closed";
  createdAt: string;
}

export function listStores(db: Kysely<CoreDatabase>, principal: Principal & { tenantId: string }) {
  return withTenant(db, principal.tenantId, async (tx) => {
    let query = tx.selectFrom("core.organisations")
      .select([
        "id",
        "name",
        "credit_code",
        "category",
        "floor",
        "unit",
        "area_m2",
        "staff_count",
        "status",
        "created_at",
      ])
      .where("kind", "=", "store").orderBy("name").orderBy("id");
    if (principal.organisationId) query = query.where("id", "=", principal.organisationId);
    return (await query.execute()).map((row): StoreView => ({
      id: row.id,
      name: row.name,
      creditCode: row.credit_code,
      category: row.category,
      floor: row.floor,
      unit: row.unit,
      areaM2: row.area_m2 === null ? null : Number(row.area_m2),
      staffCount: row.staff_count,
      status: row.status,
      createdAt: row.created_at.toISOString(),
    }));
  });
}
