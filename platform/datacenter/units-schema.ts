/** Kysely types of the district's units (铺位) and who occupied them (migration 0073). */
import type { ColumnType, Generated } from "kysely";

/** A district-local date, "YYYY-MM-DD" written; queries read it as `since::text` so no driver turns it into a Date. */
type LocalDate = ColumnType<string, string, string>;

export interface UnitsTable {
  tenant_id: string;
  id: string;
  code: string;
  floor: string;
  /** numeric: read as a string to keep its exact value */
  area_m2: ColumnType<string, number | string, number | string>;
  created_at: Generated<Date>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface UnitOccupanciesTable {
  tenant_id: string;
  unit_id: string;
  since: LocalDate;
  until: ColumnType<string | null, string | null | undefined, string | null>;
  store_id: string;
}

export interface UnitTables {
  "core.units": UnitsTable;
  "core.unit_occupancies": UnitOccupanciesTable;
}
