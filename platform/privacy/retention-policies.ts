/**
 * Per-tenant retention periods: a district may keep a class for a different number of days than the default,
 * never less than its minimum. Changes are audited, as they decide when personal data disappears.
 */
import { sql } from "kysely";
import type { AuditSink } from "../audit/types.ts";
import type { TenantTx } from "../db/tenant.ts";
import { checkRetentionDays, retentionClasses, type RetentionRegistry } from "./retention-classes.ts";

export interface EffectiveRetention {
  dataClass: string;
  /** The period in force: the tenant's setting or the default, and never below the minimum. */
  days: number;
  /** The tenant's setting, or null when the default applies. */
  storedDays: number | null;
  defaultDays: number;
  minimumDays: number;
}

export interface RetentionPolicyOptions {
  registry?: RetentionRegistry;
}

export async function setRetentionPolicy(
  tx: TenantTx,
  audit: AuditSink,
  input: { dataClass: string; days: number; actor: string },
  options: RetentionPolicyOptions = {},
): Promise<void> {
  const dataClass = (options.registry ?? retentionClasses).get(input.dataClass);
  checkRetentionDays(dataClass, input.days);
  const previous = await storedDays(tx, input.dataClass);
  await tx.insertInto("core.retention_policies")
    .values({
      tenant_id: sql<string>`core.current_tenant_id()`,
      data_class: input.dataClass,
      days: input.days,
      updated_by: input.actor,
    })
    .onConflict((oc) =>
      oc.columns(["tenant_id", "data_class"]).doUpdateSet({
        days: input.days,
        updated_by: input.actor,
        updated_at: sql`now()`,
      })
    )
    .execute();
  await audit(tx, {
    actor: input.actor,
    action: "retention.policy.set",
    target: `data-class:${input.dataClass}`,
    details: { days: input.days, previousDays: previous },
  });
}

/** Back to the default period. */
export async function clearRetentionPolicy(
  tx: TenantTx,
  audit: AuditSink,
  input: { dataClass: string; actor: string },
  options: RetentionPolicyOptions = {},
): Promise<void> {
  const dataClass = (options.registry ?? retentionClasses).get(input.dataClass);
  const previous = await storedDays(tx, input.dataClass);
  if (previous === null) return;
  await tx.deleteFrom("core.retention_policies").where("data_class", "=", input.dataClass).execute();
  await audit(tx, {
    actor: input.actor,
    action: "retention.policy.clear",
    target: `data-class:${input.dataClass}`,
    details: { previousDays: previous, days: dataClass.defaultDays },
  });
}

async function storedDays(tx: TenantTx, dataClass: string): Promise<number | null> {
  const row = await tx.selectFrom("core.retention_policies")
    .select("days")
    .where("data_class", "=", dataClass)
    .executeTakeFirst();
  return row?.days ?? null;
}

/** The period in force for every registered class, in registration order. */
export async function effectiveRetention(
  tx: TenantTx,
  options: RetentionPolicyOptions = {},
): Promise<EffectiveRetention[]> {
  const rows = await tx.selectFrom("core.retention_policies").select(["data_class", "days"]).execute();
  const stored = new Map(rows.map((r) => [r.data_class, r.days]));
  return (options.registry ?? retentionClasses).list().map((c) => {
    const setting = stored.get(c.id) ?? null;
    return {
      dataClass: c.id,
      // A minimum raised in code after a tenant stored a shorter period still wins.
      days: Math.max(setting ?? c.defaultDays, c.minimumDays),
      storedDays: setting,
      defaultDays: c.defaultDays,
      minimumDays: c.minimumDays,
    };
  });
}
