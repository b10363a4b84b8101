/**
 * `/console/plugins/membership/points/settlement`: the settlement between stores for a period (a plain GET form
 * picks it, so no script is needed), per party and in total, the flows between stores, and the CSV link.
 * Operators see every party; a store owner sees the store's own line.
 */
import { type PluginPage, signedInPrincipal } from "../../../platform/sdk.ts";
import { messages, type PointsText } from "./messages.ts";
import { API, POINTS_PATH, today, yuanText } from "./page-bits.tsx";

export const SETTLEMENT_PATH = `${POINTS_PATH}/settlement`;

interface Party {
  storeId: string | null;
  name: string | null;
  pointsIssued: number;
  pointsRedeemed: number;
  owesFen: number;
  owedFen: number;
  netFen: number;
}

interface Report {
  fenPerPoint: number;
  parties: Party[];
  flows: {
    fromStoreId: string | null;
    fromName: string | null;
    toStoreId: string | null;
    toName: string | null;
    points: number;
    amountFen: number;
  }[];
  totals: Omit<Party, "storeId" | "name">;
}

function PartyRow(
  { label, party, t, total }: { label: string; party: Omit<Party, "storeId" | "name">; t: PointsText; total?: boolean },
) {
  const Cell = total ? "th" : "td";
  return (
    <tr class={total ? "total" : undefined}>
      <th scope="row" data-label={t("settlement.party")}>{label}</th>
      <Cell data-label={t("settlement.issued")}>{party.pointsIssued}</Cell>
      <Cell data-label={t("settlement.redeemed")}>{party.pointsRedeemed}</Cell>
      <Cell data-label={t("settlement.owes")}>{yuanText(party.owesFen)}</Cell>
      <Cell data-label={t("settlement.owed")}>{yuanText(party.owedFen)}</Cell>
      <Cell data-label={t("settlement.net")}>{yuanText(party.netFen)}</Cell>
    </tr>
  );
}

export const settlementPage: PluginPage = {
  path: SETTLEMENT_PATH,
  access: { permission: "membership:points-settlement" },
  render: async (ctx) => {
    const t = messages(ctx.locale);
    const isStore = signedInPrincipal(ctx).organisationId !== undefined;
    const to = ctx.c.req.query("to") ?? today();
    const from = ctx.c.req.query("from") ?? `${to.slice(0, 8)}01`;
    const query = new URLSearchParams({ from, to });
    const answer = await ctx.api.get<Report>(`${API}/settlements?${query}`);
    if (!answer.ok && answer.status !== 422) throw new Error(`the settlement answered ${answer.status}`);
    const report = answer.ok ? answer.data : undefined;
    const nameOf = (party: { storeId: string | null; name: string | null }) =>
      party.storeId === null ? t("district") : party.name ?? "—";
    return {
      title: t("settlement.title"),
      body: (
        <>
          <h1>{t("settlement.title")}</h1>
          <p class="lead">{isStore ? t("settlement.storeLead") : t("settlement.lead")}</p>
          <form method="get" action={SETTLEMENT_PATH} class="stack">
            <div class="field">
              <label for="settlement-from">{t("settlement.from")}</label>
              <input id="settlement-from" name="from" type="date" required value={from} />
            </div>
            <div class="field">
              <label for="settlement-to">{t("settlement.to")}</label>
              <input id="settlement-to" name="to" type="date" required value={to} />
            </div>
            <button type="submit" class="primary">{t("settlement.show")}</button>
          </form>
          {!report
            ? <p class="notice warn" role="alert">{t("settlement.invalid")}</p>
            : (
              <section aria-labelledby="settlement-table-title">
                <h2 id="settlement-table-title">{`${from} – ${to}`}</h2>
                <p class="hint">{t("settlement.rate", { fen: report.fenPerPoint })}</p>
                {report.parties.length
                  ? (
                    <table class="cards">
                      <thead>
                        <tr>
                          <th scope="col">{t("settlement.party")}</th>
                          <th scope="col">{t("settlement.issued")}</th>
                          <th scope="col">{t("settlement.redeemed")}</th>
                          <th scope="col">{t("settlement.owes")}</th>
                          <th scope="col">{t("settlement.owed")}</th>
                          <th scope="col">{t("settlement.net")}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {report.parties.map((party) => (
                          <PartyRow key={party.storeId ?? "district"} label={nameOf(party)} party={party} t={t} />
                        ))}
                        {isStore ? null : <PartyRow label={t("settlement.total")} party={report.totals} t={t} total />}
                      </tbody>
                    </table>
                  )
                  : <p class="empty">{t("settlement.none")}</p>}
                {report.flows.length
                  ? (
                    <>
                      <h3>{t("settlement.flows")}</h3>
                      <ul>
                        {report.flows.map((flow) => (
                          <li key={`${flow.fromStoreId}-${flow.toStoreId}`}>
                            {t("settlement.flow", {
                              from: nameOf({ storeId: flow.fromStoreId, name: flow.fromName }),
                              to: nameOf({ storeId: flow.toStoreId, name: flow.toName }),
                              points: flow.points,
                              amount: yuanText(flow.amountFen),
                            })}
                          </li>
                        ))}
                      </ul>
                    </>
                  )
                  : null}
                <p>
                  <a href={`${API}/settlements.csv?${query}`} download>{t("settlement.csv")}</a>
                </p>
              </section>
            )}
        </>
      ),
    };
  },
};
