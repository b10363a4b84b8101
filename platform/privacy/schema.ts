/** Kysely table types of personal-information storage: tenant data keys and related tables (schema core). */
// deno-lint-ignore no-empty-interface
export interface PrivacyTables {}
