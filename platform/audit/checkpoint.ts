/**
 * Signed checkpoints: at the end of each day the platform signs (tenant, date, last seq, head hash) with its
 * Ed25519 key. Anyone holding the public key can later check that the chain still passes through that head;
 * a rewrite that recomputes every hash after the edit still cannot match the signed head.
 *
 * Signed text: the canonical JSON (canonical.ts) of
 *   { chain: <tenant uuid>, date: "YYYY-MM-DD", head: <hash>, seq: <last seq>, type: "district-audit-checkpoint/1" }
 * The `type` field keeps a signature over this text from being taken for a signature over anything else.
 */
import { sql, type Transaction } from "kysely";
import type { CoreDatabase } from "../db/schema.ts";
import { canonicalJson } from "./canonical.ts";
import { type AuditPublicKey, type AuditSigningKey, fromBase64, toBase64 } from "./signing-key.ts";

export interface AuditCheckpoint {
  tenantId: string;
  /** The day covered, in the tenant's time zone. */
  day: string;
  lastSeq: number;
  headHash: string;
  keyId: string;
  /** Base64 Ed25519 signature over checkpointText. */
  signature: string;
}

type Unsigned = Pick<AuditCheckpoint, "tenantId" | "day" | "lastSeq" | "headHash">;

export function checkpointText(checkpoint: Unsigned): string {
  return canonicalJson({
    chain: checkpoint.tenantId,
    date: checkpoint.day,
    head: checkpoint.headHash,
    seq: checkpoint.lastSeq,
    type: "district-audit-checkpoint/1",
  });
}

export async function signCheckpoint(key: AuditSigningKey, checkpoint: Unsigned): Promise<AuditCheckpoint> {
  const text = new TextEncoder().encode(checkpointText(checkpoint));
  const signature = new Uint8Array(await crypto.subtle.sign({ name: "Ed25519" }, key.privateKey, text));
  return { ...checkpoint, keyId: key.keyId, signature: toBase64(signature) };
}

/** Why a checkpoint's signature does not hold, or undefined when it does. */
export async function signatureProblem(
  publicKeys: AuditPublicKey[],
  checkpoint: AuditCheckpoint,
): Promise<string | undefined> {
  const publicKey = publicKeys.find((k) => k.keyId === checkpoint.keyId);
  if (!publicKey) return `signed by unknown key ${checkpoint.keyId}`;
  let signature: Uint8Array<ArrayBuffer>;
  try {
    signature = fromBase64(checkpoint.signature);
  } catch {
    return "signature is not base64";
  }
  const text = new TextEncoder().encode(checkpointText(checkpoint));
  const valid = await crypto.subtle.verify({ name: "Ed25519" }, publicKey.key, signature, text);
  return valid ? undefined : "signature does not match";
}

interface CheckpointRow {
  tenant_id: string;
  day: string;
  last_seq: number;
  head_hash: string;
  key_id: string;
  signature: string;
}

function fromRow(row: CheckpointRow): AuditCheckpoint {
  return {
    tenantId: row.tenant_id,
    day: row.day,
    lastSeq: Number(row.last_seq),
    headHash: row.head_hash,
    keyId: row.key_id,
    signature: row.signature,
  };
}

/** A page of a tenant's checkpoints in chain order (last seq, then day), after the given one. */
export async function selectCheckpoints(
  tx: Transaction<CoreDatabase>,
  tenantId: string,
  after: { lastSeq: number; day: string } | undefined,
  limit: number,
): Promise<AuditCheckpoint[]> {
  let query = tx.selectFrom("core.audit_checkpoints")
    .select(["tenant_id", "day", "last_seq", "head_hash", "key_id", "signature"])
    .where("tenant_id", "=", tenantId);
  if (after) {
    query = query.where(sql<boolean>`(last_seq, day) > (${after.lastSeq}, ${after.day}::date)`);
  }
  const rows = await query.orderBy("last_seq").orderBy("day").limit(limit).execute();
  return rows.map(fromRow);
}

/** The checkpoint of one day, if it was recorded. */
export async function findCheckpoint(
  tx: Transaction<CoreDatabase>,
  tenantId: string,
  day: string,
): Promise<AuditCheckpoint | undefined> {
  const row = await tx.selectFrom("core.audit_checkpoints")
    .select(["tenant_id", "day", "last_seq", "head_hash", "key_id", "signature"])
    .where("tenant_id", "=", tenantId).where("day", "=", day)
    .executeTakeFirst();
  return row && fromRow(row);
}

/** Stores a checkpoint (platform role); a second one for the same day is ignored, so retries are harmless. */
export async function insertCheckpoint(tx: Transaction<CoreDatabase>, checkpoint: AuditCheckpoint): Promise<void> {
  await tx.insertInto("core.audit_checkpoints").values({
    tenant_id: checkpoint.tenantId,
    day: checkpoint.day,
    last_seq: checkpoint.lastSeq,
    head_hash: checkpoint.headHash,
    key_id: checkpoint.keyId,
    signature: checkpoint.signature,
  }).onConflict((oc) => oc.columns(["tenant_id", "day"]).doNothing()).execute();
}
