/**
 * The daily checkpoint job, per tenant, ten minutes after midnight in the tenant's time zone (Asia/Shanghai by
 * default): late enough that transactions begun before midnight have committed, early enough that a day's
 * history is vouched for the same night. Register `auditCheckpointJob` and `auditCheckpointSchedule` with the
 * core jobs.
 */
import { z } from "zod";
import { loadConfig } from "../config.ts";
import { defineJob, type JobDefinition, schedule } from "../jobs/define.ts";
import { recordCheckpoint } from "./record-checkpoint.ts";
import type { AuditSigningKey } from "./signing-key.ts";
import { signingKeyFromConfig } from "./signing-key-config.ts";

export const auditCheckpointInput = z.object({
  /** A past day to checkpoint (backfill), 'YYYY-MM-DD'; default yesterday in the tenant's time zone. */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be YYYY-MM-DD").optional(),
});
export type AuditCheckpointInput = z.infer<typeof auditCheckpointInput>;

export interface AuditCheckpointJobOptions {
  signingKey: () => Promise<AuditSigningKey>;
  /** For tests: the clock that decides which day has just ended. Default the database's clock. */
  now?: () => Date;
}

export function createAuditCheckpointJob(options: AuditCheckpointJobOptions): JobDefinition<AuditCheckpointInput> {
  return defineJob({
    name: "core.audit-checkpoint",
    input: auditCheckpointInput,
    perTenant: true,
    backoffMs: 30_000,
    run: async (ctx, input) => {
      const key = await options.signingKey();
      const { checkpoint, created } = await recordCheckpoint(ctx.withPlatform, ctx.tenantId!, {
        key,
        day: input.date,
        now: options.now?.(),
      });
      ctx.log.info(created ? "audit checkpoint signed" : "audit checkpoint already recorded", {
        day: checkpoint.day,
        seq: checkpoint.lastSeq,
        keyId: checkpoint.keyId,
      });
      return checkpoint;
    },
  });
}

let processKey: Promise<AuditSigningKey> | undefined;

/** The key from this process's configuration, read once; a failure is retried on the next run. */
function processSigningKey(): Promise<AuditSigningKey> {
  processKey ??= signingKeyFromConfig(loadConfig(Deno.env.toObject()), Deno.env.get("AUDIT_SIGNING_KEY"))
    .catch((error) => {
      processKey = undefined;
      throw error;
    });
  return processKey;
}

export const auditCheckpointJob = createAuditCheckpointJob({ signingKey: processSigningKey });

export const auditCheckpointSchedule = schedule(auditCheckpointJob, "10 0 * * *", { perTenant: true });
