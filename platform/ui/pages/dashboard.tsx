/**
 * `/console/dashboard` (经营看板): the district's figures for operators, or one store's for its owner and staff —
 * the same page, scoped by the API it reads (a store user's every call is limited to their store, and naming
 * another store answers 403). Key figures with period-on-period and year-on-year changes, footfall per day and per
 * hour, sales and transactions, the payment mix, each store (operators), the 7-day forecasts with their method,
 * and the period's data as CSV for those who may download it.
 */
import type { ChartSpec } from "../charts/chart-spec.ts";
import { dashboardMessages } from "../i18n/dashboard-messages.ts";
import { Island } from "../island.tsx";
import { signedInPrincipal, type UiPage } from "../page.ts";
import { PAYMENT_METHODS } from "../../datacenter/types/sale.ts";
import { dashboardData, type Forecast } from "./dashboard-data.ts";
import { periodFromQuery } from "./dashboard-period.ts";
import { ExportLinks, KpiCards, PeriodForm, StoresTable } from "./dashboard-view.tsx";
import { districtTimeZone } from "./district-time-zone.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function forecastSpec(forecast: Forecast, name: string, rangeName: string, money: boolean): ChartSpec {
  const scale = (v: number | null) => v === null ? null : money ? Math.round(v) / 100 : v;
  return {
    type: "band",
    labels: forecast.days.map((d) => d.date.slice(5)),
    name,
    rangeName,
    unit: money ? "yuan" : "count",
    value: forecast.days.map((d) => scale(d.value)),
    low: forecast.days.map((d) => scale(d.low)),
    high: forecast.days.map((d) => scale(d.high)),
  };
}

export const dashboardPage: UiPage = {
  path: "/console/dashboard",
  access: { permission: "metrics:read" },
  nav: {
    label: { zh: "经营看板", en: "Dashboard" },
    description: {
      zh: "客流、销售、支付方式、各门店表现和未来 7 天预测",
      en: "Footfall, sales, stores and a forecast",
    },
    order: 10,
  },
  render: async (ctx) => {
    const { locale } = ctx;
    const t = dashboardMessages(locale);
    const principal = signedInPrincipal(ctx);
    const district = !principal.organisationId;
    const timeZone = await districtTimeZone(ctx);
    const query = new URL(ctx.c.req.url).searchParams;
    const { period, errors, given } = periodFromQuery(query, timeZone);
    const asked = query.get("store") ?? "";
    // A store user's own store is implied; naming another is passed on so the API refuses it (403 page).
    const storeId = UUID.test(asked) && asked !== principal.organisationId ? asked : undefined;

    const storeList = await ctx.api.get<{ items: { id: string; name: string }[] }>("/api/v1/stores");
    const stores = storeList.ok ? storeList.data.items : [];
    const data = await dashboardData(ctx, period, { storeId, timeZone, district: district && !storeId });
    const storeName = (id?: string) => stores.find((s) => s.id === id)?.name ?? id ?? "";
    const title = district
      ? storeId ? `${t("title")} · ${storeName(storeId)}` : t("title")
      : t("storeTitle", { store: storeName(principal.organisationId) });

    const labels = data.days.map((d) => d.slice(5));
    const mix = PAYMENT_METHODS.map((m) => ({
      name: t(`payment.${m}`),
      value: data.summary.paymentMix[m].netSalesFen / 100,
    })).filter((slice) => slice.value > 0);
    const hrefOf = (id: string) =>
      `/console/dashboard?${new URLSearchParams({ ...Object.fromEntries(query), store: id })}`;
    const chart = (id: string, chartTitle: string, spec: ChartSpec) => (
      <Island name="DashboardChart" props={{ id, title: chartTitle, locale, spec }} />
    );

    return {
      title,
      body: (
        <div class="dashboard">
          <h1>{title}</h1>
          <p class="lead">
            {t("lead", { first: period.first, last: period.last, days: period.days, timeZone })}
          </p>

          <section class="panel" aria-labelledby="dashboard-period-title">
            <h2 id="dashboard-period-title">{t("periodTitle")}</h2>
            <PeriodForm
              period={period}
              given={given}
              errors={errors}
              stores={district ? stores : null}
              storeId={storeId}
              t={t}
            />
          </section>

          <section aria-labelledby="dashboard-kpi-title">
            <h2 id="dashboard-kpi-title">{t("kpiTitle")}</h2>
            <KpiCards summary={data.summary} t={t} locale={locale} district={district && !storeId} />
          </section>

          <div class="charts">
            {chart("chart-footfall-daily", t("chart.footfallDaily"), {
              type: "xy",
              labels,
              series: [{ name: t("chart.footfall"), kind: "bar", unit: "count", values: data.footfallDaily }],
            })}
            {data.hourly
              ? chart("chart-footfall-hourly", t("chart.footfallHourly"), {
                type: "xy",
                labels: data.hourly.map((_, h) => `${String(h).padStart(2, "0")}:00`),
                series: [{ name: t("chart.footfall"), kind: "line", unit: "count", values: data.hourly }],
              })
              : <p class="hint">{t("chart.hourlyTooLong")}</p>}
            {chart("chart-sales-daily", t("chart.salesDaily"), {
              type: "xy",
              labels,
              series: [
                {
                  name: t("chart.netSales"),
                  kind: "bar",
                  unit: "yuan",
                  values: data.netSalesDailyFen.map((f) => f / 100),
                },
                { name: t("chart.transactions"), kind: "line", unit: "count", values: data.transactionsDaily },
              ],
            })}
            {mix.length
              ? chart("chart-payment-mix", t("chart.paymentMix"), { type: "pie", unit: "yuan", slices: mix })
              : <p class="empty">{t("chart.noPayments")}</p>}
          </div>

          {data.stores
            ? (
              <section aria-labelledby="dashboard-stores-title">
                <h2 id="dashboard-stores-title">{t("storesTitle")}</h2>
                <StoresTable stores={data.stores} t={t} locale={locale} hrefOf={hrefOf} />
              </section>
            )
            : null}

          <section aria-labelledby="dashboard-forecast-title">
            <h2 id="dashboard-forecast-title">{t("forecastTitle")}</h2>
            <p class="forecast-method">
              {t("forecastMethod", {
                method: locale === "en-US"
                  ? data.forecasts.footfall.method.description.en
                  : data.forecasts.footfall.method.description.zh,
              })}
            </p>
            <p class="hint">
              {t("forecastHistory", {
                from: data.forecasts.footfall.history.from,
                to: data.forecasts.footfall.history.to,
              })}
            </p>
            <div class="charts">
              {chart(
                "chart-forecast-footfall",
                t("chart.forecastFootfall"),
                forecastSpec(data.forecasts.footfall, t("chart.forecast"), t("chart.forecastRange"), false),
              )}
              {chart(
                "chart-forecast-sales",
                t("chart.forecastSales"),
                forecastSpec(data.forecasts.sales, t("chart.forecast"), t("chart.forecastRange"), true),
              )}
            </div>
          </section>

          {principal.permissions.has("data:export")
            ? (
              <section class="panel" aria-labelledby="dashboard-exports-title">
                <h2 id="dashboard-exports-title">{t("exportsTitle")}</h2>
                <p class="hint">{t("exportsLead")}</p>
                <ExportLinks period={period} storeId={storeId} district={district} locale={locale} t={t} />
              </section>
            )
            : null}
        </div>
      ),
    };
  },
};
