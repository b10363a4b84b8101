/**
 * The public directory of districts a store can apply to: slug, names and city of active districts, which are
 * not secret (they are on the districts' own signs).
 *
 * Read as district_auth (withAuth), the role sign-in uses to list an account's districts: it already holds SELECT
 * on core.tenants and nothing else outside the identity tables, so this needs no new grant, no SECURITY DEFINER
 * function and no cross-tenant platform path. withPlatform would also work but writes a platform_access_log row
 * per call, which an anonymous endpoint must not be able to do at will. Only these four columns leave here.
 */
import type { Kysely } from "kysely";
import type { CoreDatabase } from "../../db/schema.ts";
import { withAuth } from "../with-auth.ts";

export interface PublicDistrict {
  slug: string;
  nameZh: string;
  nameEn: string;
  city: string;
}

export interface DistrictRef extends PublicDistrict {
  tenantId: string;
}

function activeDistricts(db: Kysely<CoreDatabase>, slug?: string): Promise<DistrictRef[]> {
  return withAuth(db, async (tx) => {
    let query = tx.selectFrom("core.tenants").select(["id", "slug", "name_zh", "name_en", "city"])
      .where("status", "=", "active").orderBy("slug");
    if (slug !== undefined) query = query.where("slug", "=", slug);
    return (await query.execute()).map((t) => ({
      tenantId: t.id,
      slug: t.slug,
      nameZh: t.name_zh,
      nameEn: t.name_en,
      city: t.city,
    }));
  });
}

export async function listPublicDistricts(db: Kysely<CoreDatabase>): Promise<PublicDistrict[]> {
  return (await activeDistricts(db)).map(({ tenantId: _, ...district }) => district);
}

/** The active district with this slug, or undefined. */
export async function findActiveDistrict(db: Kysely<CoreDatabase>, slug: string): Promise<DistrictRef | undefined> {
  if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(slug)) return undefined;
  return (await activeDistricts(db, slug))[0];
}
