/**
 * One chart of a dashboard. The server renders the frame (title, a box of fixed height, and the numbers as a table
 * for screen readers and for when scripts are off); in the browser, ECharts is loaded on demand (its own chunk, see
 * charts/echarts-setup.ts) and draws into the box, following its width when the phone turns or the window changes.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { chartOption, type ChartSpec, formatValue } from "../charts/chart-spec.ts";
import { dashboardMessages } from "../i18n/dashboard-messages.ts";
import type { Locale } from "../i18n/locale.ts";

export interface DashboardChartProps {
  id: string;
  title: string;
  locale: Locale;
  spec: ChartSpec;
  /** Says what the chart shows in words (the table's caption too). */
  caption?: string;
}

function DataTable({ spec, locale, caption }: { spec: ChartSpec; locale: Locale; caption: string }) {
  if (spec.type === "pie") {
    return (
      <table>
        <caption>{caption}</caption>
        <tbody>
          {spec.slices.map((s) => (
            <tr key={s.name}>
              <th scope="row">{s.name}</th>
              <td class="number">{formatValue(s.value, spec.unit, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  }
  const columns = spec.type === "xy" ? spec.series.map((s) => ({ name: s.name, values: s.values, unit: s.unit })) : [
    { name: spec.name, values: spec.value, unit: spec.unit },
    { name: `${spec.rangeName} ↓`, values: spec.low, unit: spec.unit },
    { name: `${spec.rangeName} ↑`, values: spec.high, unit: spec.unit },
  ];
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <td />
          {columns.map((c) => <th scope="col" key={c.name}>{c.name}</th>)}
        </tr>
      </thead>
      <tbody>
        {spec.labels.map((label, i) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            {columns.map((c) => <td class="number" key={c.name}>{formatValue(c.values[i], c.unit, locale)}</td>)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function DashboardChart({ id, title, locale, spec, caption }: DashboardChartProps) {
  const t = dashboardMessages(locale);
  const box = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let disposed = false;
    let cleanup = () => {};
    import("../charts/echarts-setup.ts").then(({ echarts }) => {
      if (disposed || !box.current) return;
      const chart = echarts.init(box.current, undefined, { renderer: "svg", locale: locale === "en-US" ? "EN" : "ZH" });
      chart.setOption(chartOption(spec, locale));
      box.current.dataset.drawn = "true";
      const resize = new ResizeObserver(() => chart.resize());
      resize.observe(box.current);
      cleanup = () => {
        resize.disconnect();
        chart.dispose();
      };
    }).catch(() => setFailed(true));
    return () => {
      disposed = true;
      cleanup();
    };
  }, [spec, locale]);
  return (
    <figure class="chart" id={id} aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} class="chart-title">{title}</figcaption>
      <div ref={box} class="chart-box" role="img" aria-label={caption ?? title} />
      {failed ? <p class="hint">{t("chart.failed")}</p> : null}
      <details class="chart-data">
        <summary>{t("chart.showData")}</summary>
        <DataTable spec={spec} locale={locale} caption={caption ?? title} />
      </details>
    </figure>
  );
}
