/**
 * A chart as plain data — what a dashboard page hands to the chart island as JSON props — and the ECharts option
 * made from it. Kept apart from the island so the server can describe a chart without ECharts, and the option
 * building can be tested without a browser.
 */

export type ChartUnit = "count" | "yuan" | "percent";

export interface ChartSeries {
  name: string;
  kind: "bar" | "line";
  values: (number | null)[];
  unit: ChartUnit;
  /** 1: the right-hand axis (a second unit on the same chart). */
  axis?: 0 | 1;
}

export type ChartSpec =
  | { type: "xy"; labels: string[]; series: ChartSeries[] }
  /** A forecast: the expected value as a line and the low–high range as a band. */
  | {
    type: "band";
    labels: string[];
    name: string;
    rangeName: string;
    unit: ChartUnit;
    value: (number | null)[];
    low: (number | null)[];
    high: (number | null)[];
  }
  | { type: "pie"; slices: { name: string; value: number }[]; unit: ChartUnit };

const COLOURS = ["#0b3d91", "#d97706", "#05603a", "#7c3aed", "#b42318", "#0e7490"];

export function formatValue(value: number | null | undefined, unit: ChartUnit, locale: string): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  if (unit === "yuan") {
    return new Intl.NumberFormat(locale, { style: "currency", currency: "CNY", minimumFractionDigits: 2 })
      .format(value);
  }
  if (unit === "percent") {
    return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(value);
  }
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value);
}

/** Axis labels stay short on a phone: 12,000 → 1.2万 (zh) or 12K (en). */
function compact(value: number, locale: string): string {
  return new Intl.NumberFormat(locale, { notation: "compact", maximumFractionDigits: 1 }).format(value);
}

// deno-lint-ignore no-explicit-any -- ECharts options are a loose JSON shape; the spec above is the typed part
type Option = Record<string, any>;

export function chartOption(spec: ChartSpec, locale: string): Option {
  const base: Option = {
    color: COLOURS,
    animation: false,
    textStyle: { fontFamily: "inherit" },
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, type: "scroll" },
  };
  if (spec.type === "pie") {
    return {
      ...base,
      tooltip: {
        trigger: "item",
        valueFormatter: (v: number) => formatValue(v, spec.unit, locale),
      },
      series: [{
        type: "pie",
        radius: ["40%", "68%"],
        top: 28,
        label: { formatter: "{b}\n{d}%" },
        data: spec.slices,
      }],
    };
  }
  const units = spec.type === "xy" ? [...new Set(spec.series.map((s) => s.unit))] : [spec.unit];
  const yAxis = units.map((unit, index) => ({
    type: "value",
    position: index === 0 ? "left" : "right",
    splitLine: { show: index === 0 },
    axisLabel: {
      formatter: (v: number) => unit === "percent" ? formatValue(v, unit, locale) : compact(v, locale),
    },
  }));
  const xAxis = { type: "category", data: spec.labels, axisLabel: { hideOverlap: true } };
  if (spec.type === "xy") {
    return {
      ...base,
      tooltip: { trigger: "axis" },
      xAxis,
      yAxis,
      series: spec.series.map((s) => ({
        name: s.name,
        type: s.kind,
        yAxisIndex: units.indexOf(s.unit),
        data: s.values,
        smooth: s.kind === "line",
        showSymbol: false,
        tooltip: { valueFormatter: (v: number) => formatValue(v, s.unit, locale) },
      })),
    };
  }
  // The band is the low line with the (high − low) difference stacked on it and filled.
  const spread = spec.high.map((h, i) => h === null || spec.low[i] === null ? null : h - spec.low[i]!);
  return {
    ...base,
    tooltip: { trigger: "axis", valueFormatter: (v: number) => formatValue(v, spec.unit, locale) },
    xAxis: { ...xAxis, boundaryGap: false },
    yAxis,
    series: [
      {
        name: spec.rangeName,
        type: "line",
        data: spec.low,
        stack: "band",
        lineStyle: { opacity: 0 },
        showSymbol: false,
      },
      {
        name: spec.rangeName,
        type: "line",
        data: spread,
        stack: "band",
        lineStyle: { opacity: 0 },
        areaStyle: { color: "rgba(11, 61, 145, 0.15)" },
        showSymbol: false,
        tooltip: { show: false },
      },
      { name: spec.name, type: "line", data: spec.value, showSymbol: true },
    ],
  };
}
