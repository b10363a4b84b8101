/**
 * Enforces retention for one tenant: every registered class, the period in force, batches until nothing expired
 * is left. Each batch is its own short tenant transaction (long deletes would hold locks and bloat one
 * transaction), and each batch advances the class's run-log row in that same transaction, so the log always
 * matches what was committed, even when a run stops half-way and the job retries. Runs are idempotent: what
 * expired is gone or anonymised, and a second run finds nothing.
 */
import { type Kysely, sql } from "kysely";
import type { AuditSink } from "../audit/types.ts";
import type { CoreDatabase } from "../db/schema.ts";
import { withTenant } from "../db/tenant.ts";
import { uuidv7 } from "../ids.ts";
import type { Logger } from "../log.ts";
import { retentionClasses, type RetentionDataClass, type RetentionRegistry } from "./retention-classes.ts";
import { effectiveRetention } from "./retention-policies.ts";
import { primaryKeyColumns, retentionTableExists, sweepBatch } from "./retention-sweep.ts";

export interface RetentionRunOptions {
  audit: AuditSink;
  registry?: RetentionRegistry;
  /** Named in audit entries; the job passes "job:core.retention". */
  actor?: string;
  /** The moment cutoffs are counted back from (tests pass one). */
  now?: Date;
  /** Rows per batch (default 1000). */
  batchSize?: number;
  /** Only these classes (default: all registered). */
  dataClasses?: string[];
  log?: Logger;
}

export interface RetentionClassOutcome {
  dataClass: string;
  action: "delete" | "anonymise";
  days: number;
  cutoff: Date;
  rowsAffected: number;
  /** Set when the class was not swept: its table does not exist yet. */
  skipped?: "table-missing";
}

export interface RetentionRunResult {
  runId: string;
  classes: RetentionClassOutcome[];
}

const DAY_MS = 86_400_000;

export async function runRetention(
  db: Kysely<CoreDatabase>,
  tenantId: string,
  options: RetentionRunOptions,
): Promise<RetentionRunResult> {
  const registry = options.registry ?? retentionClasses;
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? 1000;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError("batchSize must be a positive integer");
  const wanted = options.dataClasses?.map((id) => registry.get(id).id);
  const periods = await withTenant(db, tenantId, (tx) => effectiveRetention(tx, { registry }));
  const runId = uuidv7();
  const classes: RetentionClassOutcome[] = [];
  const errors: unknown[] = [];
  for (const period of periods) {
    if (wanted && !wanted.includes(period.dataClass)) continue;
    if (period.storedDays !== null && period.storedDays < period.minimumDays) {
      options.log?.warn("stored retention below the minimum; using the minimum", {
        dataClass: period.dataClass,
        storedDays: period.storedDays,
        minimumDays: period.minimumDays,
      });
    }
    const cutoff = new Date(now.getTime() - period.days * DAY_MS);
    try {
      classes.push(
        await sweepClass(db, tenantId, registry.get(period.dataClass), period.days, cutoff, runId, batchSize, options),
      );
    } catch (error) {
      options.log?.error("retention failed for a data class", { dataClass: period.dataClass, error });
      errors.push(error);
    }
  }
  if (errors.length > 0) {
    // Thrown after the other classes ran, so one broken class does not stop the rest; the job retries.
    throw new AggregateError(errors, `retention failed for ${errors.length} data class(es)`);
  }
  return { runId, classes };
}

async function sweepClass(
  db: Kysely<CoreDatabase>,
  tenantId: string,
  dataClass: RetentionDataClass,
  days: number,
  cutoff: Date,
  runId: string,
  batchSize: number,
  options: RetentionRunOptions,
): Promise<RetentionClassOutcome> {
  const outcome: RetentionClassOutcome = {
    dataClass: dataClass.id,
    action: dataClass.action,
    days,
    cutoff,
    rowsAffected: 0,
  };
  const keys = await withTenant(db, tenantId, async (tx) => {
    if (!await retentionTableExists(tx, dataClass.table)) return undefined;
    return await primaryKeyColumns(tx, dataClass.table);
  });
  if (!keys) {
    options.log?.info("retention skipped: table missing", { dataClass: dataClass.id, table: dataClass.table });
    return { ...outcome, skipped: "table-missing" };
  }
  const logId = uuidv7();
  const startedAt = new Date();
  let changed: number;
  do {
    changed = await withTenant(db, tenantId, async (tx) => {
      const n = await sweepBatch(tx, dataClass, keys, cutoff, batchSize);
      await tx.insertInto("core.retention_runs")
        .values({
          tenant_id: sql<string>`core.current_tenant_id()`,
          id: logId,
          run_id: runId,
          data_class: dataClass.id,
          action: dataClass.action,
          days,
          cutoff,
          rows_affected: n,
          started_at: startedAt,
        })
        .onConflict((oc) =>
          oc.columns(["tenant_id", "id"]).doUpdateSet({
            rows_affected: sql`core.retention_runs.rows_affected + excluded.rows_affected`,
            finished_at: sql`now()`,
          })
        )
        .execute();
      const total = outcome.rowsAffected + n;
      // Audited once per class and run, with the last batch; a run that changed nothing is in the run log only,
      // so the audit chain records what happened to data rather than a daily "nothing".
      if (n < batchSize && total > 0) {
        await options.audit(tx, {
          actor: options.actor ?? "system:retention",
          action: `retention.${dataClass.action}`,
          target: `data-class:${dataClass.id}`,
          details: { runId, table: dataClass.table, days, cutoff: cutoff.toISOString(), rowsAffected: total },
        });
      }
      return n;
    });
    outcome.rowsAffected += changed;
  } while (changed >= batchSize);
  options.log?.info("retention swept", { dataClass: dataClass.id, rowsAffected: outcome.rowsAffected });
  return outcome;
}
