/** Kysely table types of the audit log (schema core). */
// deno-lint-ignore no-empty-interface
export interface AuditTables {}
