/**
 * What other modules need to know about the audit log in order to write to it. The log itself is in
 * audit-log.ts; modules that must record privileged actions (PII reveals, exports, data-subject requests …)
 * take an AuditSink so they stay independent of how entries are chained and stored.
 */
import type { Transaction } from "kysely";
import type { CoreDatabase } from "../db/schema.ts";

export interface AuditEntryInput {
  /** Who acted: "user:<id>", "apikey:<id>", "job:<name>", "system:<what>". */
  actor: string;
  /** Dotted verb: "pii.reveal", "auth.sign-in", "plugin.enable", "dsr.erase". */
  action: string;
  /** What it was done to: "member:<id>", "user:<id>", "plugin:parking". */
  target?: string;
  details?: Record<string, unknown>;
}

/**
 * Appends one entry in the same transaction as the action it records, so the action and its record commit or
 * roll back together. Inside withTenant the entry goes to that tenant's chain.
 */
export type AuditSink = (tx: Transaction<CoreDatabase>, entry: AuditEntryInput) => Promise<void>;

/** Which chain: one tenant's, or the platform's own. */
export type AuditChain = "platform" | { tenantId: string };

/** An entry as stored and read back. */
export interface AuditEntry {
  /** null on the platform chain. */
  tenantId: string | null;
  seq: number;
  at: Date;
  actor: string;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}
