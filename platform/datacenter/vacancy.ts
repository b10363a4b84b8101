/**
 * Vacancy (空置率) on a district-local day: units without an active store ÷ units. A unit is occupied on a day when
 * an occupancy covers it (since ≤ day < until) and that occupancy is either closed (it has an end date, so it is
 * history) or held by a store that is still active; an open-ended occupancy of a closed store no longer counts.
 * Units are counted as listed now: a unit removed from the list leaves past vacancy figures too.
 */
import { sql, type Transaction } from "kysely";
import type { CoreDatabase } from "../db/schema.ts";
import { ratio } from "./metrics-figures.ts";

export interface Vacancy {
  units: number;
  vacant: number;
  /** vacant ÷ units, four decimals; null without units. */
  rate: number | null;
}

/** Explicit tenant filter, so it also serves the bureau's cross-tenant read. */
export async function vacancyOn(tx: Transaction<CoreDatabase>, tenantId: string, day: string): Promise<Vacancy> {
  const { rows } = await sql<{ units: number; vacant: number }>`
    select count(*)::int as units,
           count(*) filter (where not exists (
             select 1 from core.unit_occupancies o
               join core.organisations s on s.tenant_id = o.tenant_id and s.id = o.store_id
              where o.tenant_id = u.tenant_id and o.unit_id = u.id
                and o.since <= ${day}::date and (o.until is null or o.until > ${day}::date)
                and (o.until is not null or s.status = 'active')
           ))::int as vacant
      from core.units u
     where u.tenant_id = ${tenantId}::uuid
  `.execute(tx);
  const { units, vacant } = rows[0];
  return { units, vacant, rate: ratio(vacant, units) };
}
