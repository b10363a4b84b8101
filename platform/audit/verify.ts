/**
 * Verification of a chain: walks the entries in seq order, a page at a time, and checks that seqs follow
 * without gaps, that each entry's prev is the previous entry's hash, that each hash matches the entry's
 * canonical encoding, and that every signed checkpoint names a head the chain actually passes through.
 *
 * What each check catches: an edited entry → "hash mismatch" at that seq; an edited entry whose hash was
 * recomputed → "prev mismatch" at the next seq; a deleted entry → "gap" at its seq; a chain rewritten from
 * some point on with every hash recomputed, or cut short at the end → "checkpoint mismatch" at the seq of
 * the first checkpoint after the rewrite. Only checkpoints (kept and signed apart from the chain) can catch
 * the last two.
 */
import type { Transaction } from "kysely";
import type { CoreDatabase } from "../db/schema.ts";
import { entryHash, GENESIS_HASH } from "./canonical.ts";
import { type AuditCheckpoint, selectCheckpoints, signatureProblem } from "./checkpoint.ts";
import { resolveChain } from "./chain-scope.ts";
import { selectEntries } from "./entry-query.ts";
import type { AuditPublicKey } from "./signing-key.ts";
import type { AuditChain } from "./types.ts";

export type BrokenReason = "hash mismatch" | "prev mismatch" | "gap" | "checkpoint mismatch";

export interface BrokenLink {
  seq: number;
  reason: BrokenReason;
  /** A sentence for people: what was expected and what was found. */
  detail: string;
}

export interface VerifyChainOptions {
  /** Default: the chain of the transaction's tenant. */
  chain?: AuditChain;
  /**
   * Keys whose checkpoint signatures are accepted. Without them, checkpoint heads are still compared with the
   * chain but signatures are not checked (`signaturesChecked: false`), so forged checkpoints would pass.
   */
  publicKeys?: AuditPublicKey[];
  /** Entries read per query (default 1000). */
  pageSize?: number;
}

export interface VerifyChainResult {
  ok: boolean;
  /** Entries that passed every check before the first broken link (all of them when ok). */
  checked: number;
  /** Checkpoints that matched the chain. */
  checkpoints: number;
  signaturesChecked: boolean;
  /** The last entry that passed, or seq 0 and the genesis hash. */
  head: { seq: number; hash: string };
  firstBroken?: BrokenLink;
}

export interface ChainPoint {
  seq: number;
  hash: string;
}

export const GENESIS: ChainPoint = { seq: 0, hash: GENESIS_HASH };

/** Reads a tenant's checkpoints a page at a time, with one of look-ahead. */
class CheckpointCursor {
  #page: AuditCheckpoint[] = [];
  #done = false;
  #last: AuditCheckpoint | undefined;

  constructor(
    private readonly tx: Transaction<CoreDatabase>,
    private readonly tenantId: string | undefined,
    private readonly pageSize: number,
  ) {
    if (!tenantId) this.#done = true;
  }

  async peek(): Promise<AuditCheckpoint | undefined> {
    if (this.#page.length === 0 && !this.#done) {
      this.#page = await selectCheckpoints(this.tx, this.tenantId!, this.#last, this.pageSize);
      if (this.#page.length < this.pageSize) this.#done = true;
    }
    return this.#page[0];
  }

  take(): void {
    this.#last = this.#page.shift();
  }
}

async function checkpointProblem(
  checkpoint: AuditCheckpoint,
  chainHash: string,
  publicKeys: AuditPublicKey[] | undefined,
): Promise<BrokenLink | undefined> {
  const where = `checkpoint of ${checkpoint.day} (seq ${checkpoint.lastSeq})`;
  if (publicKeys) {
    const problem = await signatureProblem(publicKeys, checkpoint);
    if (problem) return { seq: checkpoint.lastSeq, reason: "checkpoint mismatch", detail: `${where}: ${problem}` };
  }
  if (checkpoint.headHash !== chainHash) {
    return {
      seq: checkpoint.lastSeq,
      reason: "checkpoint mismatch",
      detail: `${where} signed head ${checkpoint.headHash.slice(0, 12)}…, the chain has ${chainHash.slice(0, 12)}…`,
    };
  }
  return undefined;
}

interface Walk {
  checked: number;
  checkpoints: number;
  head: ChainPoint;
  firstBroken?: BrokenLink;
}

export interface WalkOptions {
  /** A point already trusted (a verified checkpoint); default genesis. */
  start?: ChainPoint;
  /** Stop after this seq; entries up to it must exist. */
  throughSeq?: number;
  pageSize?: number;
  /** Check the tenant's checkpoints too (only for a walk of the whole chain from genesis). */
  checkpoints?: { publicKeys?: AuditPublicKey[] };
}

/**
 * Walks entries after `start`, through `throughSeq` when given. verifyChain walks whole chains; the checkpoint
 * job walks the one day it is about to sign, from the previous checkpoint.
 */
export async function walkChain(
  tx: Transaction<CoreDatabase>,
  chain: AuditChain,
  options: WalkOptions = {},
): Promise<Walk> {
  const pageSize = options.pageSize ?? 1000;
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError("pageSize must be a positive integer");
  const start = options.start ?? GENESIS;
  if (options.checkpoints && (start.seq !== 0 || options.throughSeq !== undefined)) {
    throw new Error("checkpoints are checked only on a walk of the whole chain");
  }
  const publicKeys = options.checkpoints?.publicKeys;
  const withCheckpoints = chain !== "platform" && options.checkpoints !== undefined;
  const checkpoints = new CheckpointCursor(tx, withCheckpoints ? chain.tenantId : undefined, pageSize);
  const walk: Walk = { checked: 0, checkpoints: 0, head: start };
  const passCheckpointsAt = async (point: ChainPoint): Promise<BrokenLink | undefined> => {
    for (let cp = await checkpoints.peek(); cp && cp.lastSeq <= point.seq; cp = await checkpoints.peek()) {
      const broken = await checkpointProblem(cp, point.hash, publicKeys);
      if (broken) return broken;
      walk.checkpoints++;
      checkpoints.take();
    }
    return undefined;
  };
  walk.firstBroken = await passCheckpointsAt(start);
  while (!walk.firstBroken) {
    const page = await selectEntries(tx, chain, {
      afterSeq: walk.head.seq,
      throughSeq: options.throughSeq,
      order: "asc",
      limit: pageSize,
    });
    for (const entry of page) {
      const expected = walk.head.seq + 1;
      if (entry.seq !== expected) {
        walk.firstBroken = {
          seq: expected,
          reason: "gap",
          detail: `seq ${expected} is missing, the next is seq ${entry.seq}`,
        };
      } else if (entry.prevHash !== walk.head.hash) {
        walk.firstBroken = {
          seq: entry.seq,
          reason: "prev mismatch",
          detail: `prev is ${entry.prevHash.slice(0, 12)}…, seq ${walk.head.seq} has ${walk.head.hash.slice(0, 12)}…`,
        };
      } else if (await entryHash(entry) !== entry.hash) {
        walk.firstBroken = { seq: entry.seq, reason: "hash mismatch", detail: "the entry does not match its hash" };
      }
      if (walk.firstBroken) break;
      walk.checked++;
      walk.head = { seq: entry.seq, hash: entry.hash };
      walk.firstBroken = await passCheckpointsAt(walk.head);
      if (walk.firstBroken) break;
    }
    if (page.length < pageSize) break;
  }
  if (!walk.firstBroken && options.throughSeq !== undefined && walk.head.seq < options.throughSeq) {
    const missing = walk.head.seq + 1;
    walk.firstBroken = { seq: missing, reason: "gap", detail: `the chain ends at seq ${walk.head.seq}` };
  }
  // A checkpoint beyond the end: the chain was cut short after it was signed.
  const beyond = walk.firstBroken ? undefined : await checkpoints.peek();
  if (beyond) {
    walk.firstBroken = {
      seq: beyond.lastSeq,
      reason: "checkpoint mismatch",
      detail: `checkpoint of ${beyond.day} signs seq ${beyond.lastSeq}, the chain ends at seq ${walk.head.seq}`,
    };
  }
  return walk;
}

/** Verifies a whole chain from genesis, with its checkpoints. */
export async function verifyChain(
  tx: Transaction<CoreDatabase>,
  options: VerifyChainOptions = {},
): Promise<VerifyChainResult> {
  const chain = await resolveChain(tx, options.chain, "verifyChain");
  const walk = await walkChain(tx, chain, {
    pageSize: options.pageSize,
    checkpoints: { publicKeys: options.publicKeys },
  });
  return {
    ok: !walk.firstBroken,
    checked: walk.checked,
    checkpoints: walk.checkpoints,
    signaturesChecked: options.publicKeys !== undefined,
    head: walk.head,
    ...(walk.firstBroken ? { firstBroken: walk.firstBroken } : {}),
  };
}
