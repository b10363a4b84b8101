/**
 * The commerce bureau's figures (商务局经营概况): per district of the officer's jurisdiction (every district for a
 * platform admin), district-level aggregates only — footfall at the entrances, sales, vacancy, and the year-on-year
 * change the evaluation indicators ask about (年客流量、年营业额增长). No store appears.
 *
 * Sales figures are small cells when few stores stand behind them: with two stores, each could subtract its own
 * turnover from the district's and read the other's, a business secret. So, as official business statistics do
 * with their threshold rule, a district's sales cells are published only when at least K = 3 stores reported sales
 * in the period; otherwise they are blanked (`suppressed`), and because the answer carries a total, a lone blank
 * gets a second one so the total cannot give it back (platform/privacy/k-anonymity.ts). The total's sales cells are
 * themselves blanked below K stores, or when they would equal a single blanked district. Footfall and vacancy are
 * district facilities' counts, not a store's, and stay.
 *
 * Reads across districts through withPlatform, recorded with the officer as the actor.
 */
import type { Kysely, Transaction } from "kysely";
import type { CoreDatabase } from "../db/schema.ts";
import { withPlatform } from "../db/tenant.ts";
import type { Principal } from "../identity/principal.ts";
import { suppressSmallCells } from "../privacy/k-anonymity.ts";
import { type Figures, figuresOf, ratio, rollupTotals, storeFacts } from "./metrics-figures.ts";
import { periodsOf, timeZoneOf } from "./metrics-period.ts";
import { checkSpan, relativeChange } from "./metrics-summary.ts";
import { type Vacancy, vacancyOn } from "./vacancy.ts";

/** Smallest number of reporting stores behind a published sales figure. */
export const BUREAU_K = 3;

/** The cells that reveal stores' sales, blanked together. */
const SALES_CELLS = [
  "transactions",
  "netSalesFen",
  "avgTicketFen",
  "conversion",
  "salesPerM2Fen",
  "salesPerStaffFen",
] as const;

type SalesCells = { [K in typeof SALES_CELLS[number]]: number | null };

export interface BureauFigures extends SalesCells {
  footfallIn: number;
  dwellMinutes: number | null;
  /** Stores with sales or refunds in the period; null when blanked. */
  reportingStores: number | null;
  suppressed: boolean;
}

export interface BureauDistrictFigures extends BureauFigures {
  id: string;
  slug: string;
  nameZh: string;
  nameEn: string;
  city: string;
  /** Stores open now. */
  activeStores: number;
  vacancy: Vacancy;
  yearAgo: BureauFigures;
  change: { yoy: { footfallIn: number | null; netSalesFen: number | null } };
}

export interface BureauMetrics {
  from: string;
  to: string;
  k: number;
  districts: BureauDistrictFigures[];
  totals: BureauFigures & { vacancy: Vacancy };
}

interface District {
  id: string;
  slug: string;
  name_zh: string;
  name_en: string;
  city: string;
}

function jurisdiction(tx: Transaction<CoreDatabase>, principal: Principal): Promise<District[]> {
  let query = tx.selectFrom("core.tenants").select(["id", "slug", "name_zh", "name_en", "city"]).orderBy("slug");
  if (!principal.permissions.has("platform:tenants")) {
    const bureauId = principal.kind === "user" ? principal.bureauId : undefined;
    if (!bureauId) return Promise.resolve([]);
    query = query.where(
      "id",
      "in",
      tx.selectFrom("core.bureau_districts").select("tenant_id").where("bureau_id", "=", bureauId),
    );
  }
  return query.execute();
}

type Cells = Record<string, unknown> & SalesCells & { reportingStores: number | null };

function cellsOf(f: Figures): Cells {
  return {
    transactions: f.transactions,
    netSalesFen: f.netSalesFen,
    avgTicketFen: f.avgTicketFen,
    conversion: f.conversion,
    salesPerM2Fen: f.salesPerM2Fen,
    salesPerStaffFen: f.salesPerStaffFen,
    reportingStores: f.reportingStores,
  };
}

/** Blanks small sales cells across the districts (one table, one grand total). */
function suppressed(figures: Figures[]): (SalesCells & { reportingStores: number | null; suppressed: boolean })[] {
  return suppressSmallCells(figures.map(cellsOf), {
    countField: "reportingStores",
    k: BUREAU_K,
    fields: SALES_CELLS,
    totalsBy: [[]],
  });
}

function totalOf(figures: Figures[], rows: { suppressed: boolean }[]): BureauFigures {
  const sum = (pick: (f: Figures) => number) => figures.reduce((s, f) => s + pick(f), 0);
  const reporting = sum((f) => f.reportingStores);
  const footfallIn = sum((f) => f.footfallIn);
  const transactions = sum((f) => f.transactions);
  const netSalesFen = sum((f) => f.netSalesFen);
  const blank = reporting < BUREAU_K || (rows.length === 1 && rows[0].suppressed);
  // 坪效 and 人效 are not summable from the published cells; the total leaves them out.
  return {
    footfallIn,
    dwellMinutes: null,
    reportingStores: blank ? null : reporting,
    transactions: blank ? null : transactions,
    netSalesFen: blank ? null : netSalesFen,
    avgTicketFen: blank ? null : ratio(netSalesFen, transactions, 0),
    conversion: blank ? null : ratio(transactions, footfallIn),
    salesPerM2Fen: null,
    salesPerStaffFen: null,
    suppressed: blank,
  };
}

export function bureauMetrics(
  db: Kysely<CoreDatabase>,
  principal: Principal,
  range: { from: Date; to: Date },
): Promise<BureauMetrics> {
  return withPlatform(db, { actor: principal.actor, purpose: "bureau district metrics" }, async (tx) => {
    const districts = await jurisdiction(tx, principal);
    const current: Figures[] = [];
    const yearAgo: Figures[] = [];
    const extra: { activeStores: number; vacancy: Vacancy; dwell: [number | null, number | null] }[] = [];
    for (const district of districts) {
      const periods = await periodsOf(tx, await timeZoneOf(tx, district.id), range.from, range.to);
      checkSpan(periods.current);
      const facts = await storeFacts(tx, district.id);
      const now = figuresOf(await rollupTotals(tx, district.id, periods.current, { footfallStore: "" }), facts, "");
      const then = figuresOf(await rollupTotals(tx, district.id, periods.yearAgo, { footfallStore: "" }), facts, "");
      current.push(now);
      yearAgo.push(then);
      extra.push({
        activeStores: [...facts.values()].filter((s) => s.status === "active").length,
        vacancy: await vacancyOn(tx, district.id, periods.current.lastDay),
        dwell: [now.dwellMinutes, then.dwellMinutes],
      });
    }
    const nowCells = suppressed(current);
    const thenCells = suppressed(yearAgo);
    const rows = districts.map((district, i): BureauDistrictFigures => ({
      id: district.id,
      slug: district.slug,
      nameZh: district.name_zh,
      nameEn: district.name_en,
      city: district.city,
      activeStores: extra[i].activeStores,
      footfallIn: current[i].footfallIn,
      dwellMinutes: extra[i].dwell[0],
      ...nowCells[i],
      vacancy: extra[i].vacancy,
      yearAgo: { footfallIn: yearAgo[i].footfallIn, dwellMinutes: extra[i].dwell[1], ...thenCells[i] },
      change: {
        yoy: {
          footfallIn: relativeChange(current[i].footfallIn, yearAgo[i].footfallIn),
          netSalesFen: relativeChange(nowCells[i].netSalesFen, thenCells[i].netSalesFen),
        },
      },
    }));
    const units = extra.reduce((s, e) => s + e.vacancy.units, 0);
    const vacant = extra.reduce((s, e) => s + e.vacancy.vacant, 0);
    return {
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      k: BUREAU_K,
      districts: rows,
      totals: { ...totalOf(current, nowCells), vacancy: { units, vacant, rate: ratio(vacant, units) } },
    };
  });
}
