/**
 * `/console/bureau`: the commerce bureau's districts with their aggregate counts, and their figures of the last 30
 * days (footfall, sales, vacancy) with small sales cells hidden — never personal data, never a store.
 */
import type { BureauMetrics } from "../../datacenter/bureau-metrics.ts";
import type { Locale } from "../i18n/locale.ts";
import { bilingual } from "../i18n/translate.ts";
import type { UiPage } from "../page.ts";
import { datacenterMessages, formatFen, formatRatio } from "./datacenter-messages.ts";

interface BureauDistrict {
  id: string;
  slug: string;
  nameZh: string;
  nameEn: string;
  city: string;
  plan: string;
  stores: number;
  pendingApplications: number;
}

const DAY_MS = 86_400_000;

/** The last 30 whole days in China: [today's local midnight − 30 days, today's local midnight). */
function last30Days(now = Date.now()): { from: string; to: string; firstDay: string; lastDay: string } {
  const today = new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);
  const to = new Date(`${today}T00:00:00+08:00`);
  const from = new Date(to.getTime() - 30 * DAY_MS);
  const day = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    firstDay: day(from),
    lastDay: day(new Date(to.getTime() - DAY_MS)),
  };
}

function Figures(
  { locale, metrics, districtLabel }: { locale: Locale; metrics: BureauMetrics; districtLabel: string },
) {
  const m = datacenterMessages(locale);
  const hidden = (suppressed: boolean, text: string) =>
    suppressed ? <span class="hint">{m("bureau.suppressed")}</span> : text;
  const number = (n: number) => new Intl.NumberFormat(locale).format(n);
  const rows = [
    ...metrics.districts.map((d) => ({
      key: d.id,
      name: bilingual(locale, { zh: d.nameZh, en: d.nameEn }),
      figures: d,
      vacancy: d.vacancy,
      yoy: d.change.yoy.footfallIn,
    })),
    ...(metrics.districts.length > 1
      ? [{ key: "total", name: m("bureau.total"), figures: metrics.totals, vacancy: metrics.totals.vacancy, yoy: null }]
      : []),
  ];
  return (
    <table class="cards" data-testid="bureau-figures">
      <thead>
        <tr>
          <th scope="col">{districtLabel}</th>
          <th scope="col" class="number">{m("bureau.footfall")}</th>
          <th scope="col" class="number">{m("bureau.yoy")}</th>
          <th scope="col" class="number">{m("bureau.sales")}</th>
          <th scope="col" class="number">{m("bureau.transactions")}</th>
          <th scope="col" class="number">{m("bureau.avgTicket")}</th>
          <th scope="col" class="number">{m("bureau.conversion")}</th>
          <th scope="col" class="number">{m("bureau.vacancy")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ key, name, figures: f, vacancy, yoy }) => (
          <tr key={key}>
            <th scope="row">{name}</th>
            <td data-label={m("bureau.footfall")} class="number">{number(f.footfallIn)}</td>
            <td data-label={m("bureau.yoy")} class="number">{formatRatio(locale, yoy)}</td>
            <td data-label={m("bureau.sales")} class="number">
              {hidden(f.suppressed, formatFen(locale, f.netSalesFen))}
            </td>
            <td data-label={m("bureau.transactions")} class="number">
              {hidden(f.suppressed, f.transactions === null ? "—" : number(f.transactions))}
            </td>
            <td data-label={m("bureau.avgTicket")} class="number">
              {hidden(f.suppressed, formatFen(locale, f.avgTicketFen))}
            </td>
            <td data-label={m("bureau.conversion")} class="number">
              {hidden(f.suppressed, formatRatio(locale, f.conversion))}
            </td>
            <td data-label={m("bureau.vacancy")} class="number">{formatRatio(locale, vacancy.rate)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export const bureauPage: UiPage = {
  path: "/console/bureau",
  access: { permission: "bureau:districts", tenant: false },
  nav: { label: "nav.bureau", description: "nav.bureauText", order: 50 },
  render: async (ctx) => {
    const { t, locale } = ctx;
    const m = datacenterMessages(locale);
    const period = last30Days();
    const [{ items }, metrics] = await Promise.all([
      ctx.api.data<{ items: BureauDistrict[] }>("/api/v1/bureau/districts"),
      ctx.api.data<BureauMetrics>(
        `/api/v1/bureau/metrics?from=${encodeURIComponent(period.from)}&to=${encodeURIComponent(period.to)}`,
      ),
    ]);
    return {
      title: t("bureau.title"),
      body: (
        <>
          <h1>{t("bureau.title")}</h1>
          <p class="lead">{t("bureau.lead")}</p>
          {items.length
            ? (
              <table class="cards">
                <thead>
                  <tr>
                    <th scope="col">{t("bureau.district")}</th>
                    <th scope="col">{t("bureau.city")}</th>
                    <th scope="col">{t("bureau.plan")}</th>
                    <th scope="col" class="number">{t("bureau.stores")}</th>
                    <th scope="col" class="number">{t("bureau.pending")}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((d) => (
                    <tr key={d.id}>
                      <td data-label={t("bureau.district")}>{bilingual(locale, { zh: d.nameZh, en: d.nameEn })}</td>
                      <td data-label={t("bureau.city")}>{d.city}</td>
                      <td data-label={t("bureau.plan")}>{d.plan}</td>
                      <td data-label={t("bureau.stores")} class="number">{d.stores}</td>
                      <td data-label={t("bureau.pending")} class="number">{d.pendingApplications}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
            : <p class="empty">{t("bureau.none")}</p>}
          {metrics.districts.length
            ? (
              <section class="panel">
                <h2>{m("bureau.figuresTitle")}</h2>
                <p class="hint">
                  {m("bureau.figuresLead", { from: period.firstDay, to: period.lastDay, k: metrics.k })}
                </p>
                <Figures locale={locale} metrics={metrics} districtLabel={t("bureau.district")} />
              </section>
            )
            : null}
        </>
      ),
    };
  },
};
