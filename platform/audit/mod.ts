/** The audit log's public API: append, read, verify, checkpoint. */
export type { AuditChain, AuditEntry, AuditEntryInput, AuditSink } from "./types.ts";
export {
  appendAudit,
  appendAuditEntry,
  type AppendedEntry,
  appendPlatformAudit,
  AuditInputError,
} from "./audit-log.ts";
export { canonicalJson, entryHash, entryText, GENESIS_HASH } from "./canonical.ts";
export { NoTenantError } from "./chain-lock.ts";
export { type AuditPage, listAudit, type ListAuditOptions, MAX_AUDIT_PAGE } from "./list.ts";
export {
  type BrokenLink,
  type BrokenReason,
  verifyChain,
  type VerifyChainOptions,
  type VerifyChainResult,
} from "./verify.ts";
export { type AuditCheckpoint, checkpointText } from "./checkpoint.ts";
export { AuditChainBrokenError, recordCheckpoint } from "./record-checkpoint.ts";
export { auditCheckpointJob, auditCheckpointSchedule, createAuditCheckpointJob } from "./checkpoint-job.ts";
export {
  type AuditPublicKey,
  type AuditSigningKey,
  generateSigningKey,
  loadOrCreateDevSigningKey,
  parsePublicKey,
  parseSigningKey,
} from "./signing-key.ts";
export { signingKeyFromConfig, verifyKeyFromConfig } from "./signing-key-config.ts";
