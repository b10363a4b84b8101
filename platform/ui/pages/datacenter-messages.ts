/**
 * Words of the units page (/console/units) and of the bureau's figures, in both languages, kept beside the pages
 * that use them rather than in the core dictionaries. The units island imports them too, so keep this small.
 */
import { defineMessages } from "../i18n/translate.ts";
import type { Locale } from "../i18n/locale.ts";

export const datacenterMessages = defineMessages({
  "zh-CN": {
    "units.title": "铺位与门店面积",
    "units.lead": "登记铺位及其出租情况（用于计算空置率），并维护各门店的营业面积和人数（用于计算坪效、人效）。",
    "units.vacancy": "今日空置率 {rate}：{units} 个铺位中 {vacant} 个空置",
    "units.vacancyNone": "尚未登记铺位",
    "units.storesTitle": "门店营业面积与人数",
    "units.store": "门店",
    "units.status": "状态",
    "units.closed": "已关店",
    "units.active": "营业中",
    "units.area": "营业面积（m²）",
    "units.staff": "店总人数",
    "units.saveStore": "保存",
    "units.storeSaved": "已保存 {name}",
    "units.noStores": "还没有门店。",
    "units.unitsTitle": "铺位",
    "units.code": "铺位编号",
    "units.floor": "楼层",
    "units.unitArea": "面积（m²）",
    "units.occupancies": "出租记录",
    "units.current": "当前租户",
    "units.vacant": "空置",
    "units.occStore": "门店",
    "units.since": "起租日",
    "units.until": "退租日（不含，可空）",
    "units.chooseStore": "选择门店",
    "units.addOccupancy": "添加出租记录",
    "units.removeOccupancy": "删除此记录",
    "units.addUnit": "添加铺位",
    "units.removeUnit": "删除铺位",
    "units.save": "保存全部铺位",
    "units.saved": "铺位已保存",
    "units.none": "还没有登记铺位。",
    "units.readOnly": "只有商圈管理员可以修改。",
    "bureau.figuresTitle": "近30天经营概况",
    "bureau.figuresLead": "{from} 至 {to}。营业额等销售数据在报送门店少于 {k} 家时隐藏，以保护商户经营信息。",
    "bureau.footfall": "客流量（人次）",
    "bureau.sales": "营业额",
    "bureau.transactions": "成交笔数",
    "bureau.avgTicket": "客单价",
    "bureau.conversion": "转化率",
    "bureau.vacancy": "空置率",
    "bureau.yoy": "客流同比",
    "bureau.total": "合计",
    "bureau.suppressed": "已隐藏",
  },
  "en-US": {
    "units.title": "Units and store facts",
    "units.lead": "Record the district's units and who occupies them (for the vacancy rate), and keep each store's " +
      "floor area and staff count (for sales per m² and per staff).",
    "units.vacancy": "Vacancy today {rate}: {vacant} of {units} units empty",
    "units.vacancyNone": "No units recorded yet",
    "units.storesTitle": "Stores' floor area and staff",
    "units.store": "Store",
    "units.status": "Status",
    "units.closed": "Closed",
    "units.active": "Open",
    "units.area": "Floor area (m²)",
    "units.staff": "Staff",
    "units.saveStore": "Save",
    "units.storeSaved": "Saved {name}",
    "units.noStores": "No stores yet.",
    "units.unitsTitle": "Units",
    "units.code": "Unit code",
    "units.floor": "Floor",
    "units.unitArea": "Area (m²)",
    "units.occupancies": "Occupancies",
    "units.current": "Occupied by",
    "units.vacant": "Vacant",
    "units.occStore": "Store",
    "units.since": "From",
    "units.until": "Until (exclusive, optional)",
    "units.chooseStore": "Choose a store",
    "units.addOccupancy": "Add an occupancy",
    "units.removeOccupancy": "Remove this occupancy",
    "units.addUnit": "Add a unit",
    "units.removeUnit": "Remove unit",
    "units.save": "Save all units",
    "units.saved": "Units saved",
    "units.none": "No units recorded yet.",
    "units.readOnly": "Only district admins can change these.",
    "bureau.figuresTitle": "The last 30 days",
    "bureau.figuresLead": "{from} to {to}. Sales figures are hidden where fewer than {k} stores reported, to protect " +
      "stores' business information.",
    "bureau.footfall": "Footfall",
    "bureau.sales": "Sales",
    "bureau.transactions": "Transactions",
    "bureau.avgTicket": "Average ticket",
    "bureau.conversion": "Conversion",
    "bureau.vacancy": "Vacancy",
    "bureau.yoy": "Footfall YoY",
    "bureau.total": "Total",
    "bureau.suppressed": "Hidden",
  },
});

/** Fen as yuan with two decimals, e.g. ¥1,234.50. */
export function formatFen(locale: Locale, fen: number | null): string {
  if (fen === null) return "—";
  return new Intl.NumberFormat(locale, { style: "currency", currency: "CNY" }).format(fen / 100);
}

/** A ratio as a percentage, e.g. 0.1234 → 12.34%; null → —. */
export function formatRatio(locale: Locale, value: number | null): string {
  if (value === null) return "—";
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 2 }).format(value);
}
