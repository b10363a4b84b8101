/**
 * The plugin SDK: the one module of the platform a plugin may import (a test enforces it). Everything a plugin
 * author needs is re-exported here; anything not here is the core's own business and may change.
 */
export { definePlugin, onEvent, pluginJob } from "./plugins/define-plugin.ts";
export type {
  IndicatorEvidence,
  PluginCapability,
  PluginConsentDecision,
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
export {
  pluginDisabled,
  pluginEnabled,
  type RecordedSale,
  type SaleRecorded,
  saleRecorded,
  storeApproved,
} from "./events/catalogue.ts";
export { recordedSales, type RecordedSalesFilter } from "./datacenter/recorded-sales.ts";

export { type Access, guardedRoute } from "./http/guarded-route.ts";
export { type FieldProblem, ProblemError } from "./http/problem.ts";
export { problem } from "./http/openapi-shared.ts";
export type { Principal } from "./identity/principal.ts";
export type { Role } from "./identity/permissions.ts";

export type { PiiType } from "./privacy/pii-types.ts";
export { piiSchema, validate as validatePii } from "./privacy/identifiers.ts";
export type { FieldCipher } from "./privacy/encryption/field-cipher.ts";
export type { DataSubject, SubjectRightsHandler } from "./privacy/subject-requests-registry.ts";
export type { RetentionDataClass } from "./privacy/retention-classes.ts";
export type { ConsentPurpose } from "./privacy/consent-purposes.ts";
// For plugin code that holds a district transaction but no context (a shared helper such as membership's inbox),
// so a consent gate can live in the one function every sender goes through.
export { hasConsent, subjectsWithConsent } from "./privacy/consent-check.ts";

// Pages: server-rendered, reading through the API, interactive through the core's generic islands (ApiForm,
// CopyText). See docs/plugins.md "Pages".
export type { PageAccess, PageView, PluginPage, PluginPageContext } from "./ui/page.ts";
export { signedInPrincipal } from "./ui/page.ts";
export { Island, type IslandProps } from "./ui/island.tsx";
export type { ApiFormField, ApiFormProps } from "./ui/islands/api-form.tsx";
export { type Bilingual, bilingual, defineMessages } from "./ui/i18n/translate.ts";
export type { Locale } from "./ui/i18n/locale.ts";
export { formatDateTime } from "./ui/components/format.ts";
export type { UserPrincipal } from "./identity/principal.ts";

// Event types for the open ingestion API (manifest `ingestTypes`); see docs/plugins.md "Ingesting events".
export type { IngestEvent, IngestEventType, StoreContext, TxRange } from "./datacenter/event-type.ts";
export { insertNewRows } from "./datacenter/insert-rows.ts";
export { rollupHourlyBuckets } from "./datacenter/rollup-hourly.ts";
export { eventTime as ingestEventTime, label as ingestLabel } from "./datacenter/fields.ts";

export type { CoreDatabase } from "./db/schema.ts";
export type { Logger } from "./log.ts";
export { uuidv7 } from "./ids.ts";
export { CORE_VERSION } from "./version.ts";
