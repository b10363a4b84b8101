/**
 * Records one tenant's signed checkpoint for one finished day. In two transactions on the platform path:
 * 1. Under the chain's lock (so no append is in flight), find the last entry dated before the day ended in
 *    the tenant's time zone. Entries are never dated before their predecessor, so every later entry belongs
 *    to a later day.
 * 2. Verify the chain from the previous checkpoint up to that entry, then sign and store its head. A chain
 *    that does not verify is not signed: the job fails, visibly, instead of vouching for tampered history.
 */
import { sql, type Transaction } from "kysely";
import type { CoreDatabase } from "../db/schema.ts";
import { lockChain } from "./chain-lock.ts";
import {
  type AuditCheckpoint,
  findCheckpoint,
  insertCheckpoint,
  signatureProblem,
  signCheckpoint,
} from "./checkpoint.ts";
import type { AuditSigningKey } from "./signing-key.ts";
import { type BrokenLink, GENESIS, walkChain } from "./verify.ts";

/** Runs work on the platform path, like JobContext.withPlatform. */
export type PlatformPath = <T>(purpose: string, fn: (tx: Transaction<CoreDatabase>) => Promise<T>) => Promise<T>;

export interface RecordCheckpointOptions {
  key: AuditSigningKey;
  /** The day to checkpoint, 'YYYY-MM-DD' in the tenant's time zone; default the day before `now`. */
  day?: string;
  /** Default: the database's clock. */
  now?: Date;
}

export class AuditChainBrokenError extends Error {
  constructor(readonly tenantId: string, readonly broken: BrokenLink) {
    super(`audit chain of tenant ${tenantId} is broken at seq ${broken.seq}: ${broken.reason} (${broken.detail})`);
    this.name = "AuditChainBrokenError";
  }
}

interface DayBounds {
  day: string;
  today: string;
  day_end: Date;
}

async function dayBounds(
  tx: Transaction<CoreDatabase>,
  tenantId: string,
  day: string | undefined,
  now: Date | undefined,
): Promise<DayBounds> {
  const { rows } = await sql<DayBounds>`
    with clock as (select coalesce(${now ?? null}::timestamptz, now()) as now),
         tenant as (select time_zone from core.tenants where id = ${tenantId}),
         local as (select (clock.now at time zone tenant.time_zone)::date as today, tenant.time_zone
                     from clock, tenant),
         chosen as (select coalesce(${day ?? null}::date, local.today - 1) as day, local.today, local.time_zone
                      from local)
    select day::text as day, today::text as today, ((day + 1)::timestamp at time zone time_zone) as day_end
      from chosen
  `.execute(tx);
  if (!rows[0]) throw new Error(`no tenant ${tenantId}`);
  if (rows[0].day >= rows[0].today) {
    throw new RangeError(
      `the day ${rows[0].day} has not ended yet for tenant ${tenantId}; checkpoints cover whole days`,
    );
  }
  return rows[0];
}

export async function recordCheckpoint(
  platform: PlatformPath,
  tenantId: string,
  options: RecordCheckpointOptions,
): Promise<{ checkpoint: AuditCheckpoint; created: boolean }> {
  const chain = { tenantId };
  const plan = await platform("audit checkpoint: find the day's head", async (tx) => {
    const bounds = await dayBounds(tx, tenantId, options.day, options.now);
    const existing = await findCheckpoint(tx, tenantId, bounds.day);
    if (existing) return { existing };
    await lockChain(tx, chain);
    const head = await tx.selectFrom("core.audit_log").select(["seq", "hash"])
      .where("tenant_id", "=", tenantId).where("at", "<", bounds.day_end)
      .orderBy("seq", "desc").limit(1).executeTakeFirst();
    const headPoint = head ? { seq: Number(head.seq), hash: head.hash } : GENESIS;
    // The latest earlier checkpoint by this key is already verified and signed: start the walk there.
    const previous = await tx.selectFrom("core.audit_checkpoints")
      .select(["tenant_id", "day", "last_seq", "head_hash", "key_id", "signature"])
      .where("tenant_id", "=", tenantId).where("key_id", "=", options.key.keyId)
      .where("last_seq", "<=", headPoint.seq)
      .orderBy("last_seq", "desc").orderBy("day", "desc").limit(1).executeTakeFirst();
    return { day: bounds.day, head: headPoint, previous };
  });
  if ("existing" in plan) return { checkpoint: plan.existing!, created: false };

  return await platform("audit checkpoint: verify and sign", async (tx) => {
    let start = GENESIS;
    if (plan.previous) {
      const previous: AuditCheckpoint = {
        tenantId,
        day: plan.previous.day,
        lastSeq: Number(plan.previous.last_seq),
        headHash: plan.previous.head_hash,
        keyId: plan.previous.key_id,
        signature: plan.previous.signature,
      };
      const problem = await signatureProblem([options.key.publicKey], previous);
      if (problem) {
        throw new AuditChainBrokenError(tenantId, {
          seq: previous.lastSeq,
          reason: "checkpoint mismatch",
          detail: `checkpoint of ${previous.day}: ${problem}`,
        });
      }
      start = { seq: previous.lastSeq, hash: previous.headHash };
    }
    const walk = await walkChain(tx, chain, { start, throughSeq: plan.head.seq });
    if (walk.firstBroken) throw new AuditChainBrokenError(tenantId, walk.firstBroken);
    const checkpoint = await signCheckpoint(options.key, {
      tenantId,
      day: plan.day,
      lastSeq: walk.head.seq,
      headHash: walk.head.hash,
    });
    await insertCheckpoint(tx, checkpoint);
    // Another run may have stored the day first; what is stored is what counts.
    const stored = await findCheckpoint(tx, tenantId, plan.day);
    return { checkpoint: stored!, created: stored!.signature === checkpoint.signature };
  });
}
