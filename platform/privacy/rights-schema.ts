/** Kysely table types of consent, retention and data-subject requests (schema core). */
// deno-lint-ignore no-empty-interface
export interface RightsTables {}
