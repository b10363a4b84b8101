/**
 * The shape of a plugin, as its author writes it in `plugins/<id>/plugin.ts`, and the context the host hands
 * it. A plugin declares what it needs and what it offers; it receives capabilities, never the platform's
 * internals (the Backstage model: declared dependencies in, services handed over).
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Transaction } from "kysely";
import type { z } from "zod";
import type { AuditEntryInput } from "../audit/types.ts";
import type { IngestEventType } from "../datacenter/event-type.ts";
import type { CoreDatabase } from "../db/schema.ts";
import type { DeliveredEvent, EventDefinition } from "../events/define.ts";
import type { AppEnv } from "../http/request-context.ts";
import type { Role } from "../identity/permissions.ts";
import type { Principal } from "../identity/principal.ts";
import type { JobDefinition } from "../jobs/define.ts";
import type { Logger } from "../log.ts";
import type { FieldCipher } from "../privacy/encryption/field-cipher.ts";
import type { PiiType } from "../privacy/pii-types.ts";
import type { PluginPage } from "../ui/page.ts";
import type { ConsentPurpose } from "../privacy/consent-purposes.ts";
import type { RetentionDataClass } from "../privacy/retention-classes.ts";
import type { SubjectRightsHandler } from "../privacy/subject-requests-registry.ts";

/** Capabilities a plugin may ask the platform for; operators see them when enabling the plugin. */
export type PluginCapability =
  | "events:publish"
  | "consent:check"
  | "consent:record"
  | "pii:encrypt"
  | `pii:read:${PiiType}`
  | "audit:write";

/** What a district's transaction sees: the core tables plus the plugin's own (typed by the plugin). */
export type PluginTx<DB> = Transaction<CoreDatabase & DB>;

export interface PluginContext<Config = unknown, DB = unknown> {
  pluginId: string;
  tenantId: string;
  /** The district's configuration of this plugin, validated against the plugin's schema. */
  config: Config;
  /** Who is acting: the signed-in user or API key, or "plugin:<id>" in jobs and event handlers. */
  actor: string;
  log: Logger;
  /** A transaction scoped to this district (row-level security applies). */
  withTenant<T>(fn: (tx: PluginTx<DB>) => Promise<T>): Promise<T>;
  events: {
    /** Written in the caller's transaction; delivered after it commits. Needs "events:publish". */
    publish<T>(tx: PluginTx<DB>, event: EventDefinition<T>, payload: T): Promise<string>;
  };
  jobs: {
    /** Enqueues one of this plugin's jobs for this district. */
    enqueue<I>(
      job: PluginJob<I, Config, DB>,
      input: I,
      options?: { jobId?: string; delayMs?: number },
    ): Promise<string>;
  };
  privacy: {
    /** Masks a value for display with the district's masking rules. */
    mask(type: PiiType, value: string): string;
    /** Encrypts, decrypts and blind-indexes personal data with the district's keys. Needs "pii:encrypt". */
    cipher(tx: PluginTx<DB>): Promise<FieldCipher>;
    /** True when the subject consented to the purpose. Needs "consent:check". */
    hasConsent(tx: PluginTx<DB>, subjectId: string, purpose: string): Promise<boolean>;
    /** Of these subjects, those whose latest decision for the purpose is a grant (one query per 1,000). */
    subjectsWithConsent(tx: PluginTx<DB>, subjectIds: readonly string[], purpose: string): Promise<Set<string>>;
    /**
     * Records a subject's own decision (a member ticking "send me offers", or unsubscribing) in the district's
     * append-only consent history. Needs "consent:record".
     */
    recordConsent(tx: PluginTx<DB>, decision: PluginConsentDecision): Promise<void>;
  };
  audit: {
    /** Appends to the district's audit chain in the caller's transaction. Needs "audit:write". */
    append(tx: PluginTx<DB>, entry: Omit<AuditEntryInput, "actor"> & { actor?: string }): Promise<void>;
  };
}

export interface PluginConsentDecision {
  subjectId: string;
  purpose: string;
  decision: "granted" | "withdrawn";
  /** How it was given: "h5", "mini-program", "counter", "sms-reply" … */
  channel: string;
  /** The privacy policy version the subject was shown. */
  policyVersion: string;
  /** "subject" when the person acted, "user:<id>" for staff recording it. */
  recordedBy?: string;
}

export interface PluginJobContext<Config = unknown, DB = unknown> extends PluginContext<Config, DB> {
  attempt: number;
  jobId: string;
}

export interface PluginJob<I = unknown, Config = unknown, DB = unknown> {
  /** Short name; the job's full name is "<plugin id>.<name>". */
  name: string;
  input: z.ZodType<I>;
  attempts?: number;
  backoffMs?: number;
  run(ctx: PluginJobContext<Config, DB>, input: I): Promise<unknown>;
}

export interface PluginSchedule<I = unknown> {
  job: string;
  cron: string;
  input?: I;
}

export interface PluginEventHandler<T = unknown, Config = unknown, DB = unknown> {
  name: string;
  event: EventDefinition<T>;
  /** Must be idempotent: delivery is at-least-once. */
  handle(ctx: PluginContext<Config, DB>, event: DeliveredEvent<T>): Promise<void>;
}

/** A permission the plugin defines for its routes, and the roles that hold it. */
export interface PluginGrant {
  description: string;
  roles: Role[];
  /**
   * A district's or store's systems may hold it through an API key (a POS resolving member cards, a car park
   * redeeming parking coupons). Off by default: a key is a long-lived secret, so only counter-type permissions.
   */
  apiKeys?: boolean;
}

/** An item of the evaluation indicator tables (guide 002, attachments 3 and 4) this plugin gives evidence for. */
export interface IndicatorEvidence {
  table: "district" | "store";
  /** The item's number in its table, e.g. 10 for 智慧停车 in the district table. */
  item: number;
  evidence: { zh: string; en: string };
}

export interface PluginNavEntry {
  path: string;
  label: { zh: string; en: string };
  permission: string;
}

export type PluginRouter = OpenAPIHono<AppEnv & { Variables: { plugin: PluginContext<unknown, unknown> } }>;

export interface PluginDefinition<Config = Record<string, never>, DB = unknown> {
  id: string;
  name: { zh: string; en: string };
  description?: { zh: string; en: string };
  version: string;
  /** The core versions this plugin works with, as a semver range ("^0.1.0"). Checked at boot. */
  core: string;
  /** Plugins that must be enabled first in a district. */
  requires?: string[];
  /** Platform capabilities the plugin uses. */
  capabilities?: PluginCapability[];
  /** Permissions the plugin defines ("<id>:<what>") and which roles hold them. */
  grants?: Record<string, PluginGrant>;
  /** The district's settings of this plugin; defaults come from the schema. */
  config?: z.ZodType<Config>;
  /** Folder of NNNN_name.sql files that create and change the schema plugin_<id>. */
  migrations?: URL;
  /** Routes, mounted at /api/v1/plugins/<id>; each declares who may call it (guardedRoute). */
  routes?: (router: PluginRouter) => void;
  /** Define each with `pluginJob({...})` so its input type flows into `run`. */
  // deno-lint-ignore no-explicit-any -- a list of jobs with different inputs
  jobs?: PluginJob<any, Config, DB>[];
  schedules?: PluginSchedule[];
  /**
   * Event types the open ingestion API (POST /api/v1/events) accepts for this plugin, named "<id>-<what>"; events of
   * them are refused where the district has not enabled the plugin. See docs/plugins.md "Ingesting events".
   */
  // deno-lint-ignore no-explicit-any -- types with different fields
  ingestTypes?: IngestEventType<any>[];
  /** Events the plugin publishes ("<id>.<event>"). */
  events?: EventDefinition[];
  /** Define each with `onEvent(event, name, handle)` so the payload type flows into `handle`. */
  // deno-lint-ignore no-explicit-any -- a list of handlers of different events
  handlers?: PluginEventHandler<any, Config, DB>[];
  /** Console navigation entries; each must lead to one of `pages`. */
  nav?: PluginNavEntry[];
  /**
   * Console pages (`/console/plugins/<id>…`, signed in) and consumer pages (`/d/:district/<id>…`, public H5):
   * server-rendered, reading through the API, interactive through the core's generic islands (ApiForm). A district
   * that has not enabled the plugin gets 404 on them.
   */
  pages?: PluginPage[];
  indicators?: IndicatorEvidence[];
  /** The plugin's part in personal-data rights: export/erase, retention, consent purposes. */
  privacy?: {
    /** Export and erase what the plugin holds about a person (PIPL); ids "<plugin id>.<what>". */
    subjectRights?: SubjectRightsHandler[];
    /** Tables whose old rows the nightly retention job deletes or anonymises; ids "<plugin_id>_<what>". */
    retention?: RetentionDataClass[];
    /** Purposes the plugin asks consent for; ids "<plugin_id>.<what>". */
    consentPurposes?: ConsentPurpose[];
  };
}

/** What a route handler of a plugin can reach. */
export type PluginRequestContext<Config, DB> = PluginContext<Config, DB> & { principal?: Principal };

export type AnyPlugin = PluginDefinition<unknown, unknown>;

export type { JobDefinition };
