/** Kysely table types of the event outbox (schema core). */
import type { ColumnType } from "kysely";

export interface EventTables {
  "core.event_outbox": {
    tenant_id: string;
    id: string;
    type: string;
    payload: ColumnType<unknown, string, string>;
    actor: string;
    created_at: ColumnType<Date, Date | string | undefined, Date | string>;
    dispatched_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  };
}
