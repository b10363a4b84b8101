/**
 * The dashboard's server-rendered parts: the period form, the key-figure cards with their changes, the per-store
 * table and the download links. Numbers are formatted as people read them (¥ with two decimals, 12.3 %), in the
 * page's language.
 */
import { formatValue } from "../charts/chart-spec.ts";
import type { DashboardTranslate } from "../i18n/dashboard-messages.ts";
import type { Locale } from "../i18n/locale.ts";
import type { Change, StoreRow, Summary } from "./dashboard-data.ts";
import type { DashboardPeriod, PeriodError, Preset } from "./dashboard-period.ts";
import { PRESETS } from "./dashboard-period.ts";

export const yuanText = (fen: number | null, locale: Locale) =>
  formatValue(fen === null ? null : fen / 100, "yuan", locale);
export const countText = (n: number | null, locale: Locale) => formatValue(n, "count", locale);
export const percentText = (r: number | null, locale: Locale) => formatValue(r, "percent", locale);

function ChangeLine({ label, value, locale }: { label: string; value: number | null; locale: Locale }) {
  const text = value === null ? "—" : `${value > 0 ? "+" : ""}${percentText(value, locale)}`;
  const trend = value === null || value === 0 ? "flat" : value > 0 ? "up" : "down";
  return <span class={`kpi-change ${trend}`}>{label} {text}</span>;
}

function Kpi(
  props: {
    id: string;
    label: string;
    value: string;
    note?: string;
    change?: { pop: number | null; yoy: number | null };
  },
  t: DashboardTranslate,
  locale: Locale,
) {
  return (
    <div class="kpi" data-kpi={props.id} key={props.id}>
      <dt>{props.label}</dt>
      <dd class="kpi-value">{props.value}</dd>
      {props.note ? <dd class="kpi-note">{props.note}</dd> : null}
      {props.change
        ? (
          <dd class="kpi-changes">
            <ChangeLine label={t("change.pop")} value={props.change.pop} locale={locale} />
            <ChangeLine label={t("change.yoy")} value={props.change.yoy} locale={locale} />
          </dd>
        )
        : null}
    </div>
  );
}

export function KpiCards(
  { summary, t, locale, district }: { summary: Summary; t: DashboardTranslate; locale: Locale; district: boolean },
) {
  const change = (key: keyof Change) => ({ pop: summary.change.pop[key], yoy: summary.change.yoy[key] });
  const cards = [
    {
      id: "footfallIn",
      label: t("kpi.footfallIn"),
      value: countText(summary.footfallIn, locale),
      change: change("footfallIn"),
    },
    {
      id: "transactions",
      label: t("kpi.transactions"),
      value: countText(summary.transactions, locale),
      change: change("transactions"),
    },
    {
      id: "netSales",
      label: t("kpi.netSales"),
      value: yuanText(summary.netSalesFen, locale),
      change: change("netSalesFen"),
    },
    { id: "conversion", label: t("kpi.conversion"), value: percentText(summary.conversion, locale) },
    {
      id: "avgTicket",
      label: t("kpi.avgTicket"),
      value: yuanText(summary.avgTicketFen, locale),
      change: change("avgTicketFen"),
    },
    { id: "salesPerM2", label: t("kpi.salesPerM2"), value: yuanText(summary.salesPerM2Fen, locale) },
    { id: "salesPerStaff", label: t("kpi.salesPerStaff"), value: yuanText(summary.salesPerStaffFen, locale) },
    {
      id: "dwell",
      label: t("kpi.dwell"),
      value: summary.dwellMinutes === null
        ? "—"
        : t("kpi.minutes", { minutes: countText(summary.dwellMinutes, locale) }),
    },
    // Vacancy is the district's figure (units and leases): a store's own dashboard does not show it.
    ...(district
      ? [{
        id: "vacancy",
        label: t("kpi.vacancy"),
        value: percentText(summary.vacancy.rate, locale),
        note: t("kpi.vacantUnits", { vacant: summary.vacancy.vacant, units: summary.vacancy.units }),
      }]
      : []),
  ];
  return <dl class="kpis">{cards.map((card) => Kpi(card, t, locale))}</dl>;
}

export function StoresTable(
  { stores, t, locale, hrefOf }: {
    stores: StoreRow[];
    t: DashboardTranslate;
    locale: Locale;
    hrefOf: (storeId: string) => string;
  },
) {
  if (!stores.length) return <p class="empty">{t("storesNone")}</p>;
  const columns = [
    { label: t("kpi.footfallIn"), text: (s: StoreRow) => countText(s.footfallIn, locale) },
    { label: t("kpi.transactions"), text: (s: StoreRow) => countText(s.transactions, locale) },
    { label: t("kpi.netSales"), text: (s: StoreRow) => yuanText(s.netSalesFen, locale) },
    { label: t("kpi.conversion"), text: (s: StoreRow) => percentText(s.conversion, locale) },
    { label: t("kpi.avgTicket"), text: (s: StoreRow) => yuanText(s.avgTicketFen, locale) },
    { label: t("kpi.salesPerM2"), text: (s: StoreRow) => yuanText(s.salesPerM2Fen, locale) },
    { label: t("kpi.salesPerStaff"), text: (s: StoreRow) => yuanText(s.salesPerStaffFen, locale) },
  ];
  return (
    <table class="cards store-figures">
      <thead>
        <tr>
          <th scope="col">{t("col.store")}</th>
          {columns.map((c) => <th scope="col" class="number" key={c.label}>{c.label}</th>)}
        </tr>
      </thead>
      <tbody>
        {stores.map((store) => (
          <tr key={store.storeId} data-store={store.storeId}>
            <th scope="row" data-label={t("col.store")}>
              <a href={hrefOf(store.storeId)}>{store.name}</a>
            </th>
            {columns.map((c) => <td class="number" data-label={c.label} key={c.label}>{c.text(store)}</td>)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function PeriodForm(
  { period, given, errors, stores, storeId, t }: {
    period: DashboardPeriod;
    given: { from: string; to: string };
    errors: Partial<Record<"from" | "to", PeriodError>>;
    /** Operators choose a store (or the whole district); store users have none to choose. */
    stores: { id: string; name: string }[] | null;
    storeId?: string;
    t: DashboardTranslate;
  },
) {
  const presetLabel: Record<Preset, string> = {
    "7d": t("period.7d"),
    "30d": t("period.30d"),
    "custom": t("period.custom"),
  };
  const dateField = (name: "from" | "to") => {
    const error = errors[name];
    const value = period.preset === "custom" && !errors[name]
      ? period[name === "from" ? "first" : "last"]
      : given[name];
    return (
      <div class={error ? "field has-error" : "field"}>
        <label for={`dashboard-${name}`}>{t(name)}</label>
        <input
          id={`dashboard-${name}`}
          name={name}
          type="date"
          value={value || (name === "from" ? period.first : period.last)}
          aria-invalid={error ? "true" : undefined}
          aria-describedby={error ? `dashboard-${name}-error` : undefined}
        />
        {error ? <p class="field-error" id={`dashboard-${name}-error`}>{t(error)}</p> : null}
      </div>
    );
  };
  return (
    <form method="get" action="/console/dashboard" class="stack dashboard-period">
      <div class="row-2">
        <div class="field">
          <label for="dashboard-period">{t("period")}</label>
          <select id="dashboard-period" name="period">
            {PRESETS.map((p) => <option value={p} selected={p === period.preset} key={p}>{presetLabel[p]}</option>)}
          </select>
        </div>
        {stores
          ? (
            <div class="field">
              <label for="dashboard-store">{t("store")}</label>
              <select id="dashboard-store" name="store">
                <option value="">{t("allStores")}</option>
                {stores.map((s) => <option value={s.id} selected={s.id === storeId} key={s.id}>{s.name}</option>)}
              </select>
            </div>
          )
          : null}
      </div>
      <div class="row-2">
        {dateField("from")}
        {dateField("to")}
      </div>
      <div class="actions">
        <button type="submit" class="primary">{t("show")}</button>
      </div>
    </form>
  );
}

export function ExportLinks(
  { period, storeId, district, locale, t }: {
    period: DashboardPeriod;
    storeId?: string;
    district: boolean;
    locale: Locale;
    t: DashboardTranslate;
  },
) {
  const query = new URLSearchParams({ from: period.from, to: period.to, lang: locale });
  const names: ("sales" | "footfall" | "metrics-daily" | "parking")[] = ["sales", "footfall", "metrics-daily"];
  // Parking gates are the district's: a store's account has no such file.
  if (district) names.push("parking");
  return (
    <ul class="export-links">
      {names.map((name) => {
        const q = new URLSearchParams(query);
        if (storeId && name !== "parking") q.set("storeId", storeId);
        return (
          <li key={name}>
            <a class="button" href={`/api/v1/exports/${name}.csv?${q}`} download>
              {t(`export.${name}`)}
            </a>
          </li>
        );
      })}
    </ul>
  );
}
