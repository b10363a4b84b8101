/**
 * Applies tenant definitions to the database, idempotently: plans and tenants are created or updated by their
 * ids and slugs; plugins named in a definition are switched on. Nothing is deleted or switched off, because
 * operators also enable plugins and a removed file must not erase a district.
 */
import type { Kysely } from "kysely";
import { uuidv7 } from "../ids.ts";
import type { CoreDatabase } from "../db/schema.ts";
import { withPlatform } from "../db/tenant.ts";
import { checkCatalogue, type TenantCatalogue } from "./tenant-definitions.ts";

export interface ProvisionReport {
  plans: { created: string[]; updated: string[]; unchanged: string[] };
  tenants: { created: string[]; updated: string[]; unchanged: string[] };
  bureaus: { created: string[]; unchanged: string[] };
  /** slug → tenant id, for everything in the catalogue. */
  tenantIds: Record<string, string>;
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length &&
    [...a].sort().every((v, i) => v === [...b].sort()[i]);
}

export function provisionTenants(
  db: Kysely<CoreDatabase>,
  catalogue: TenantCatalogue,
  actor = "system:provision",
): Promise<ProvisionReport> {
  checkCatalogue(catalogue);
  return withPlatform(
    db,
    { actor, purpose: "apply tenant definitions" },
    async (tx) => {
      const report: ProvisionReport = {
        plans: { created: [], updated: [], unchanged: [] },
        tenants: { created: [], updated: [], unchanged: [] },
        bureaus: { created: [], unchanged: [] },
        tenantIds: {},
      };
      for (const plan of catalogue.plans) {
        const existing = await tx.selectFrom("core.plans").selectAll().where(
          "id",
          "=",
          plan.id,
        ).executeTakeFirst();
        const row = {
          name_zh: plan.name.zh,
          name_en: plan.name.en,
          plugins: plan.plugins,
        };
        if (!existing) {
          await tx.insertInto("core.plans").values({ id: plan.id, ...row })
            .execute();
          report.plans.created.push(plan.id);
        } else if (
          existing.name_zh !== row.name_zh ||
          existing.name_en !== row.name_en ||
          !sameList(existing.plugins, row.plugins)
        ) {
          await tx.updateTable("core.plans").set({
            ...row,
            updated_at: new Date(),
          }).where("id", "=", plan.id)
            .execute();
          report.plans.updated.push(plan.id);
        } else {
          report.plans.unchanged.push(plan.id);
        }
      }
      for (const tenant of catalogue.tenants) {
        const existing = await tx.selectFrom("core.tenants").selectAll().where(
          "slug",
          "=",
          tenant.slug,
        )
          .executeTakeFirst();
        const row = {
          name_zh: tenant.name.zh,
          name_en: tenant.name.en,
          city: tenant.city,
          plan_id: tenant.plan,
          time_zone: tenant.timeZone,
        };
        let tenantId: string;
        let changed = false;
        if (!existing) {
          tenantId = uuidv7();
          await tx.insertInto("core.tenants").values({
            id: tenantId,
            slug: tenant.slug,
            ...row,
          }).execute();
          report.tenants.created.push(tenant.slug);
        } else {
          tenantId = existing.id;
          changed = (Object.keys(row) as (keyof typeof row)[]).some((key) => existing[key] !== row[key]);
          if (changed) {
            await tx.updateTable("core.tenants").set({
              ...row,
              updated_at: new Date(),
            }).where("id", "=", tenantId)
              .execute();
          }
        }
        report.tenantIds[tenant.slug] = tenantId;
        // Every district has its operator organisation; operator staff belong to it.
        const operator = await tx.selectFrom("core.organisations").select("id").where("tenant_id", "=", tenantId)
          .where("kind", "=", "operator").executeTakeFirst();
        if (!operator) {
          await tx.insertInto("core.organisations")
            .values({ tenant_id: tenantId, id: uuidv7(), kind: "operator", name: tenant.name.zh })
            .execute();
        }
        const enabled = await tx.selectFrom("core.tenant_plugins").select([
          "plugin_id",
          "enabled",
        ])
          .where("tenant_id", "=", tenantId).execute();
        for (const plugin of tenant.plugins) {
          const current = enabled.find((p) => p.plugin_id === plugin);
          if (current?.enabled) continue;
          changed = true;
          await tx.insertInto("core.tenant_plugins").values({
            tenant_id: tenantId,
            plugin_id: plugin,
            enabled: true,
          })
            .onConflict((oc) =>
              oc.columns(["tenant_id", "plugin_id"]).doUpdateSet({
                enabled: true,
              })
            )
            .execute();
        }
        if (existing) {
          (changed ? report.tenants.updated : report.tenants.unchanged).push(
            tenant.slug,
          );
        }
      }
      for (const bureau of catalogue.bureaus ?? []) {
        let row = await tx.selectFrom("core.bureaus").select("id").where("slug", "=", bureau.slug).executeTakeFirst();
        if (!row) {
          row = { id: uuidv7() };
          report.bureaus.created.push(bureau.slug);
        } else {
          report.bureaus.unchanged.push(bureau.slug);
        }
        await tx.insertInto("core.bureaus")
          .values({
            id: row.id,
            slug: bureau.slug,
            name_zh: bureau.name.zh,
            name_en: bureau.name.en,
            city: bureau.city,
          })
          .onConflict((oc) =>
            oc.column("id").doUpdateSet({ name_zh: bureau.name.zh, name_en: bureau.name.en, city: bureau.city })
          )
          .execute();
        for (const district of bureau.districts) {
          await tx.insertInto("core.bureau_districts")
            .values({ tenant_id: report.tenantIds[district], bureau_id: row.id })
            .onConflict((oc) => oc.columns(["tenant_id", "bureau_id"]).doNothing())
            .execute();
        }
      }
      return report;
    },
  );
}
