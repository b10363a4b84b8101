/**
 * The district's units (铺位) and who occupied them. Operators send the whole list (PUT): it is checked as a whole
 * — codes listed twice, occupancies of one unit that overlap, stores that are not the district's — and then
 * written in one transaction with one audit entry naming the units added, changed and removed, or refused with
 * every problem named and nothing written. Units keep their id while their code stays, so links to a unit survive
 * an edit of its area.
 */
import { sql, type Transaction } from "kysely";
import { appendAudit } from "../audit/audit-log.ts";
import type { CoreDatabase } from "../db/schema.ts";
import { ProblemError } from "../http/problem.ts";
import type { FieldProblem } from "../http/problem.ts";
import { uuidv7 } from "../ids.ts";
import type { UnitsInputValue } from "./units-input.ts";
import { type Vacancy, vacancyOn } from "./vacancy.ts";

export interface OccupancyView {
  storeId: string;
  storeName: string;
  since: string;
  until: string | null;
}

export interface UnitView {
  id: string;
  code: string;
  floor: string;
  areaM2: number;
  /** Oldest first. */
  occupancies: OccupancyView[];
  /** The store holding the unit today, if any. */
  current: { storeId: string; storeName: string } | null;
}

export interface UnitsView {
  /** Today in the district's time zone. */
  today: string;
  vacancy: Vacancy;
  units: UnitView[];
}

async function today(tx: Transaction<CoreDatabase>): Promise<string> {
  const { rows } = await sql<{ today: string }>`
    select (now() at time zone time_zone)::date::text as today from core.tenants where id = core.current_tenant_id()
  `.execute(tx);
  return rows[0].today;
}

/** Runs inside withTenant. */
export async function listUnits(tx: Transaction<CoreDatabase>, tenantId: string): Promise<UnitsView> {
  const day = await today(tx);
  const units = await tx.selectFrom("core.units").select(["id", "code", "floor", "area_m2"])
    .orderBy("floor").orderBy("code").execute();
  const { rows: occupancies } = await sql<OccupancyView & { unitId: string; active: boolean }>`
    select o.unit_id as "unitId", o.store_id as "storeId", s.name as "storeName",
           o.since::text as since, o.until::text as until, s.status = 'active' as active
      from core.unit_occupancies o
      join core.organisations s on s.tenant_id = o.tenant_id and s.id = o.store_id
     order by o.unit_id, o.since
  `.execute(tx);
  const byUnit = new Map<string, (OccupancyView & { active: boolean })[]>();
  for (const { unitId, ...o } of occupancies) {
    const list = byUnit.get(unitId);
    if (list) list.push(o);
    else byUnit.set(unitId, [o]);
  }
  return {
    today: day,
    vacancy: await vacancyOn(tx, tenantId, day),
    units: units.map((unit) => {
      const history = byUnit.get(unit.id) ?? [];
      // The same rule as vacancy.ts: an open-ended occupancy of a closed store no longer holds the unit.
      const now = history.find((o) =>
        o.since <= day && (o.until === null || o.until > day) && (o.until !== null || o.active)
      );
      return {
        id: unit.id,
        code: unit.code,
        floor: unit.floor,
        areaM2: Number(unit.area_m2),
        occupancies: history.map(({ active: _, ...o }) => o),
        current: now ? { storeId: now.storeId, storeName: now.storeName } : null,
      };
    }),
  };
}

/** Problems across rows, each naming its field by path. */
async function crossRowProblems(tx: Transaction<CoreDatabase>, input: UnitsInputValue): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  const firstOf = new Map<string, number>();
  input.units.forEach((unit, i) => {
    const first = firstOf.get(unit.code);
    if (first !== undefined) {
      problems.push({ field: `units.${i}.code`, message: `${unit.code} is listed twice (also units.${first})` });
    } else firstOf.set(unit.code, i);
    const sorted = unit.occupancies.map((o, j) => ({ ...o, j })).sort((a, b) => a.since.localeCompare(b.since));
    for (let k = 1; k < sorted.length; k++) {
      const before = sorted[k - 1];
      if (before.until == null || before.until > sorted[k].since) {
        problems.push({
          field: `units.${i}.occupancies.${sorted[k].j}.since`,
          message: `overlaps occupancies.${before.j} of the same unit`,
        });
      }
    }
  });
  const named = [...new Set(input.units.flatMap((u) => u.occupancies.map((o) => o.storeId)))];
  const known = new Set(
    named.length
      ? (await tx.selectFrom("core.organisations").select("id").where("kind", "=", "store").where("id", "in", named)
        .execute()).map((row) => row.id)
      : [],
  );
  input.units.forEach((unit, i) =>
    unit.occupancies.forEach((o, j) => {
      if (!known.has(o.storeId)) {
        problems.push({ field: `units.${i}.occupancies.${j}.storeId`, message: "no such store in this district" });
      }
    })
  );
  return problems;
}

function occupancyKey(list: { storeId: string; since: string; until?: string | null }[]): string {
  return JSON.stringify(
    list.map((o) => [o.since, o.until ?? null, o.storeId]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
  );
}

export interface UnitsChange {
  added: string[];
  changed: string[];
  removed: string[];
}

/** Replaces the district's units with `input`; runs inside withTenant. */
export async function replaceUnits(
  tx: Transaction<CoreDatabase>,
  tenantId: string,
  actor: string,
  input: UnitsInputValue,
): Promise<UnitsChange> {
  // Two operators saving at once: the second waits and then replaces what the first wrote.
  await sql`select pg_advisory_xact_lock(hashtext('district.units'), hashtext(${tenantId}))`.execute(tx);
  const problems = await crossRowProblems(tx, input);
  if (problems.length) throw new ProblemError(422, "The units have problems; nothing was changed.", problems);

  const existing = await tx.selectFrom("core.units").select(["id", "code", "floor", "area_m2"]).execute();
  const { rows: stored } = await sql<{ unit_id: string; storeId: string; since: string; until: string | null }>`
    select unit_id, store_id as "storeId", since::text as since, until::text as until from core.unit_occupancies
  `.execute(tx);
  const storedOf = (unitId: string) => stored.filter((o) => o.unit_id === unitId);
  const byCode = new Map(existing.map((u) => [u.code, u]));
  const change: UnitsChange = { added: [], changed: [], removed: [] };
  const listed = new Set(input.units.map((u) => u.code));

  const removed = existing.filter((u) => !listed.has(u.code));
  if (removed.length) {
    await tx.deleteFrom("core.units").where("id", "in", removed.map((u) => u.id)).execute();
    change.removed.push(...removed.map((u) => u.code));
  }
  for (const unit of input.units) {
    const before = byCode.get(unit.code);
    let id: string;
    let rewriteOccupancies: boolean;
    if (!before) {
      id = uuidv7();
      await tx.insertInto("core.units")
        .values({ tenant_id: tenantId, id, code: unit.code, floor: unit.floor, area_m2: unit.areaM2 }).execute();
      change.added.push(unit.code);
      rewriteOccupancies = true;
    } else {
      id = before.id;
      const factsChanged = before.floor !== unit.floor || Number(before.area_m2) !== unit.areaM2;
      rewriteOccupancies = occupancyKey(storedOf(id)) !== occupancyKey(unit.occupancies);
      if (factsChanged) {
        await tx.updateTable("core.units").set({ floor: unit.floor, area_m2: unit.areaM2, updated_at: new Date() })
          .where("id", "=", id).execute();
      }
      if (factsChanged || rewriteOccupancies) change.changed.push(unit.code);
    }
    if (rewriteOccupancies) {
      await tx.deleteFrom("core.unit_occupancies").where("unit_id", "=", id).execute();
      if (unit.occupancies.length) {
        await tx.insertInto("core.unit_occupancies").values(unit.occupancies.map((o) => ({
          tenant_id: tenantId,
          unit_id: id,
          store_id: o.storeId,
          since: o.since,
          until: o.until ?? null,
        }))).execute();
      }
    }
  }
  if (change.added.length || change.changed.length || change.removed.length) {
    await appendAudit(tx, {
      actor,
      action: "district.units-replace",
      target: "district:units",
      details: { ...change, units: input.units.length },
    });
  }
  return change;
}
