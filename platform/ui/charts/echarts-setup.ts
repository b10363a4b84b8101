/**
 * The part of ECharts the dashboards use, registered once. Islands load this module with `import()`, so it and
 * ECharts become a chunk of their own that only pages with a chart fetch; importing `echarts/core` with just these
 * charts and components (instead of all of `echarts`) keeps that chunk a third of the full library's size. SVG
 * renders crisply on phones and is quick for charts of a few hundred points.
 */
import { BarChart, LineChart, PieChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export { echarts };
