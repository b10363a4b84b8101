/**
 * The bureau's overview: the districts of an officer's jurisdiction (every district for a platform admin) with
 * aggregate counts only — never a row about a person. Crosses tenants, so it goes through withPlatform with the
 * officer as the recorded actor.
 */
import { type Kysely, sql } from "kysely";
import type { CoreDatabase } from "../../db/schema.ts";
import { withPlatform } from "../../db/tenant.ts";
import type { Principal } from "../principal.ts";

export interface BureauDistrictView {
  id: string;
  slug: string;
  nameZh: string;
  nameEn: string;
  city: string;
  plan: string;
  /** Active stores. */
  stores: number;
  pendingApplications: number;
}

export function listBureauDistricts(
  db: Kysely<CoreDatabase>,
  principal: Principal,
): Promise<BureauDistrictView[]> {
  const everything = principal.permissions.has("platform:tenants");
  const bureauId = principal.kind === "user" ? principal.bureauId : undefined;
  if (!everything && !bureauId) return Promise.resolve([]);
  return withPlatform(
    db,
    { actor: principal.actor, purpose: everything ? "district overview (platform)" : "bureau district overview" },
    async (tx) => {
      let query = tx.selectFrom("core.tenants as t")
        .select((eb) => [
          "t.id",
          "t.slug",
          "t.name_zh",
          "t.name_en",
          "t.city",
          "t.plan_id",
          eb.selectFrom("core.organisations as o").select(sql<number>`count(*)::int`.as("n"))
            .whereRef("o.tenant_id", "=", "t.id").where("o.kind", "=", "store").where("o.status", "=", "active")
            .as("stores"),
          eb.selectFrom("core.store_applications as a").select(sql<number>`count(*)::int`.as("n"))
            .whereRef("a.tenant_id", "=", "t.id").where("a.status", "=", "pending")
            .as("pending"),
        ])
        .orderBy("t.slug");
      if (!everything) {
        query = query.where(
          "t.id",
          "in",
          tx.selectFrom("core.bureau_districts").select("tenant_id").where("bureau_id", "=", bureauId!),
        );
      }
      return (await query.execute()).map((row) => ({
        id: row.id,
        slug: row.slug,
        nameZh: row.name_zh,
        nameEn: row.name_en,
        city: row.city,
        plan: row.plan_id,
        stores: Number(row.stores ?? 0),
        pendingApplications: Number(row.pending ?? 0),
      }));
    },
  );
}
