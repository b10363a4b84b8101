/**
 * Settlement between the alliance's stores (积分结算). When store B takes points that store A issued (a redemption
 * at B consuming A's lot), A owes B for them:
 *
 *   flow A→B (fen) = round(Σ points × fen per point)   over B's redemptions in the period consuming A's lots,
 *                                                      at the rate set when each redemption happened
 *   owes(P)  = Σ flows out of P        owed(P) = Σ flows into P        net(P) = owed(P) − owes(P)
 *
 * The parties are the stores and the district (the origin of operators' adjustments, and the redeeming party
 * when points are spent on district rewards). A store redeeming its own points settles nothing. Every flow is
 * one party's owes and another's owed with the same rounded amount, so the nets of all parties sum to zero.
 * Points issued (earned and awarded, by origin) and redeemed (by place) are shown beside, in points.
 */
import { sql } from "kysely";
import type { MembershipTx } from "../context.ts";

export interface SettlementParty {
  storeId: string | null;
  name: string | null;
  pointsIssued: number;
  pointsRedeemed: number;
  owesFen: number;
  owedFen: number;
  netFen: number;
}

export interface SettlementFlow {
  fromStoreId: string | null;
  fromName: string | null;
  toStoreId: string | null;
  toName: string | null;
  points: number;
  amountFen: number;
}

export interface Settlement {
  parties: SettlementParty[];
  flows: SettlementFlow[];
  totals: Omit<SettlementParty, "storeId" | "name">;
}

const DISTRICT = "district";
const keyOf = (storeId: string | null) => storeId ?? DISTRICT;

export async function settlement(tx: MembershipTx, period: { from: Date; to: Date }): Promise<Settlement> {
  const flowRows = await tx.selectFrom("plugin_membership.points_consumptions")
    .select([
      "origin_store_id",
      "store_id",
      (eb) => eb.fn.sum<string>("points").as("points"),
      sql<string>`round(sum(points * coalesce(fen_per_point, 0)))`.as("fen"),
    ])
    .where("kind", "=", "redeem").where("created_at", ">=", period.from).where("created_at", "<", period.to)
    .where(sql<boolean>`origin_store_id is distinct from store_id`)
    .groupBy(["origin_store_id", "store_id"]).execute();
  const issuedRows = await tx.selectFrom("plugin_membership.points_ledger")
    .select(["store_id", (eb) => eb.fn.sum<string>("points").as("points")])
    .where("kind", "in", ["earn", "adjust"]).where("points", ">", 0)
    .where("created_at", ">=", period.from).where("created_at", "<", period.to)
    .groupBy("store_id").execute();
  const redeemedRows = await tx.selectFrom("plugin_membership.points_ledger")
    .select(["store_id", (eb) => eb.fn.sum<string>("points").as("points")])
    .where("kind", "=", "redeem").where("created_at", ">=", period.from).where("created_at", "<", period.to)
    .groupBy("store_id").execute();

  const parties = new Map<string, SettlementParty>();
  const party = (storeId: string | null) => {
    const key = keyOf(storeId);
    let found = parties.get(key);
    if (!found) {
      found = { storeId, name: null, pointsIssued: 0, pointsRedeemed: 0, owesFen: 0, owedFen: 0, netFen: 0 };
      parties.set(key, found);
    }
    return found;
  };
  for (const row of issuedRows) party(row.store_id).pointsIssued += Number(row.points);
  for (const row of redeemedRows) party(row.store_id).pointsRedeemed += -Number(row.points);
  const flows: SettlementFlow[] = flowRows.map((row) => ({
    fromStoreId: row.origin_store_id,
    fromName: null,
    toStoreId: row.store_id,
    toName: null,
    points: Number(row.points),
    amountFen: Number(row.fen),
  }));
  for (const flow of flows) {
    party(flow.fromStoreId).owesFen += flow.amountFen;
    party(flow.toStoreId).owedFen += flow.amountFen;
  }
  const storeIds = [...parties.values()].map((p) => p.storeId).filter((id): id is string => id !== null);
  if (storeIds.length) {
    const names = await tx.selectFrom("core.organisations").select(["id", "name"]).where("id", "in", storeIds)
      .execute();
    const byId = new Map(names.map((row) => [row.id, row.name]));
    for (const p of parties.values()) if (p.storeId) p.name = byId.get(p.storeId) ?? null;
    for (const flow of flows) {
      flow.fromName = flow.fromStoreId ? byId.get(flow.fromStoreId) ?? null : null;
      flow.toName = flow.toStoreId ? byId.get(flow.toStoreId) ?? null : null;
    }
  }
  const list = [...parties.values()].map((p) => ({ ...p, netFen: p.owedFen - p.owesFen }));
  // The district first, then stores by name.
  list.sort((a, b) =>
    a.storeId === null ? -1 : b.storeId === null ? 1 : (a.name ?? "").localeCompare(b.name ?? "", "zh-CN")
  );
  const totals = list.reduce(
    (sum, p) => ({
      pointsIssued: sum.pointsIssued + p.pointsIssued,
      pointsRedeemed: sum.pointsRedeemed + p.pointsRedeemed,
      owesFen: sum.owesFen + p.owesFen,
      owedFen: sum.owedFen + p.owedFen,
      netFen: sum.netFen + p.netFen,
    }),
    { pointsIssued: 0, pointsRedeemed: 0, owesFen: 0, owedFen: 0, netFen: 0 },
  );
  return { parties: list, flows, totals };
}

/** The view of one store: its own line (zeros when it had nothing) and the flows it is part of. */
export function storeView(report: Settlement, storeId: string, name: string | null): Settlement {
  const own = report.parties.find((p) => p.storeId === storeId) ??
    { storeId, name, pointsIssued: 0, pointsRedeemed: 0, owesFen: 0, owedFen: 0, netFen: 0 };
  const { storeId: _s, name: _n, ...totals } = own;
  return {
    parties: [own],
    flows: report.flows.filter((f) => f.fromStoreId === storeId || f.toStoreId === storeId),
    totals,
  };
}

/** Yuan with two decimals from fen, exact (no floating point): -1234 → "-12.34". */
export function yuan(fen: number): string {
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** A name a spreadsheet would run as a formula (=, +, -, @ first) is kept text. */
function safeText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** UTF-8 with a byte-order mark, so Excel opens the Chinese headers and names right. */
export function settlementCsv(report: Settlement, labels: { district: string; total: string }): string {
  const header = [
    "参与方 Party",
    "门店编号 Store ID",
    "发放积分 Points issued",
    "兑换积分 Points redeemed",
    "应付（元）Owes (yuan)",
    "应收（元）Owed (yuan)",
    "净额（元）Net (yuan)",
  ];
  const lines = report.parties.map((p) => [
    p.storeId === null ? labels.district : safeText(p.name ?? ""),
    p.storeId ?? "",
    p.pointsIssued,
    p.pointsRedeemed,
    yuan(p.owesFen),
    yuan(p.owedFen),
    yuan(p.netFen),
  ]);
  const t = report.totals;
  lines.push([labels.total, "", t.pointsIssued, t.pointsRedeemed, yuan(t.owesFen), yuan(t.owedFen), yuan(t.netFen)]);
  return "\uFEFF" + [header, ...lines].map((line) => line.map(csvField).join(",")).join("\r\n") + "\r\n";
}
