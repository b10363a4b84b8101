/**
 * Builds the context a plugin receives for one district: its configuration and capabilities, each checked
 * against what the plugin declared in its manifest. Nothing here hands out the core's database handle or
 * another district's data.
 */
import type { Kysely, Transaction } from "kysely";
import { appendAudit } from "../audit/audit-log.ts";
import type { CoreDatabase } from "../db/schema.ts";
import { withTenant } from "../db/tenant.ts";
import { publishEvent } from "../events/publish.ts";
import type { JobRunner } from "../jobs/runner.ts";
import type { Logger } from "../log.ts";
import { hasConsent, subjectsWithConsent } from "../privacy/consent-check.ts";
import { grantConsent, withdrawConsent } from "../privacy/consent-record.ts";
import type { TenantKeyStore } from "../privacy/encryption/tenant-keys.ts";
import { maskValue } from "../privacy/masking.ts";
import type { AnyPlugin, PluginCapability, PluginContext, PluginJob } from "./types.ts";

export class CapabilityError extends Error {
  constructor(pluginId: string, capability: PluginCapability) {
    super(`plugin ${pluginId} used "${capability}" without declaring it in its manifest's capabilities`);
    this.name = "CapabilityError";
  }
}

export interface ContextDeps {
  db: Kysely<CoreDatabase>;
  keys: TenantKeyStore;
  log: Logger;
  jobs: () => JobRunner;
  /** The registered (wrapped) job of a plugin job, by full name. */
  jobNamed(name: string): import("../jobs/define.ts").JobDefinition<unknown> | undefined;
}

export function buildPluginContext(
  deps: ContextDeps,
  plugin: AnyPlugin,
  tenantId: string,
  config: unknown,
  actor: string,
  log: Logger = deps.log,
): PluginContext<unknown, unknown> {
  const need = (capability: PluginCapability) => {
    if (!(plugin.capabilities ?? []).includes(capability)) throw new CapabilityError(plugin.id, capability);
  };
  const coreTx = (tx: unknown) => tx as Transaction<CoreDatabase>;
  return {
    pluginId: plugin.id,
    tenantId,
    config,
    actor,
    log: log.child({ plugin: plugin.id, tenantId }),
    withTenant: (fn) => withTenant(deps.db, tenantId, (tx) => fn(tx as never)),
    events: {
      publish: (tx, event, payload) => {
        need("events:publish");
        return publishEvent(coreTx(tx), event, payload, actor);
      },
    },
    jobs: {
      enqueue: (job: PluginJob<never>, input, options) => {
        const registered = deps.jobNamed(`${plugin.id}.${job.name}`);
        if (!registered) return Promise.reject(new Error(`plugin ${plugin.id} has no job "${job.name}"`));
        return deps.jobs().enqueue(registered, input, { ...options, tenantId });
      },
    },
    privacy: {
      mask: (type, value) => maskValue(type, value),
      cipher: (tx) => {
        need("pii:encrypt");
        return deps.keys.fieldCipher(coreTx(tx));
      },
      hasConsent: (tx, subjectId, purpose) => {
        need("consent:check");
        return hasConsent(coreTx(tx), subjectId, purpose);
      },
      subjectsWithConsent: (tx, subjectIds, purpose) => {
        need("consent:check");
        return subjectsWithConsent(coreTx(tx), subjectIds, purpose);
      },
      recordConsent: async (tx, { decision, ...input }) => {
        need("consent:record");
        const record = decision === "granted" ? grantConsent : withdrawConsent;
        await record(coreTx(tx), { ...input, source: `plugin:${plugin.id}` });
      },
    },
    audit: {
      append: (tx, entry) => {
        need("audit:write");
        return appendAudit(coreTx(tx), { ...entry, actor: entry.actor ?? actor });
      },
    },
  };
}
