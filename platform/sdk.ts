/**
 * The plugin SDK: the one module of the platform a plugin may import (a test enforces it). Everything a plugin
 * author needs is re-exported here; anything not here is the core's own business and may change.
 */
export { definePlugin, onEvent, pluginJob } from "./plugins/define-plugin.ts";
export type {
  IndicatorEvidence,
  PluginCapability,
  PluginContext,
  PluginDefinition,
  PluginEventHandler,
  PluginGrant,
  PluginJob,
  PluginJobContext,
  PluginNavEntry,
  PluginRouter,
  PluginSchedule,
  PluginTx,
} from "./plugins/types.ts";
export { pluginContextOf } from "./plugins/request-context.ts";

export { defineEvent, type DeliveredEvent, type EventDefinition } from "./events/define.ts";
export { pluginDisabled, pluginEnabled, storeApproved } from "./events/catalogue.ts";

export { type Access, guardedRoute } from "./http/guarded-route.ts";
export { type FieldProblem, ProblemError } from "./http/problem.ts";
export type { Principal } from "./identity/principal.ts";
export type { Role } from "./identity/permissions.ts";

export type { PiiType } from "./privacy/pii-types.ts";
export { piiSchema, validate as validatePii } from "./privacy/identifiers.ts";
export type { FieldCipher } from "./privacy/encryption/field-cipher.ts";
export type { DataSubject, SubjectRightsHandler } from "./privacy/subject-requests-registry.ts";
export type { RetentionDataClass } from "./privacy/retention-classes.ts";
export type { ConsentPurpose } from "./privacy/consent-purposes.ts";

export type { CoreDatabase } from "./db/schema.ts";
export type { Logger } from "./log.ts";
export { uuidv7 } from "./ids.ts";
export { CORE_VERSION } from "./version.ts";
