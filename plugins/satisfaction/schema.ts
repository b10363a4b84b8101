/** Kysely types of the plugin's own tables. */
import type { ColumnType } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface SatisfactionTables {
  "plugin_satisfaction.surveys": {
    tenant_id: string;
    id: string;
    title: string;
    store_id: string | null;
    status: ColumnType<"open" | "closed", "open" | "closed" | undefined>;
    closes_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
    created_by: string;
    created_at: Timestamp;
  };
  "plugin_satisfaction.responses": {
    tenant_id: string;
    id: string;
    survey_id: string;
    rating: number;
    comment: string | null;
    created_at: Timestamp;
  };
}
