/**
 * The columns a CSV import understands, per event type: each column's canonical name (used in the API's problem
 * fields, `rows.12.amount`), the Chinese headings people use in their own sheets, the event field it fills and
 * how its cells are read. The export writes the same headings, so a person sees one vocabulary both ways.
 */
import { type CellReader, channel, paymentMethod, text, time, wholeNumber, yesNo, yuanAsFen } from "./cells.ts";

export const IMPORT_TYPES = ["sale", "footfall"] as const;
export type ImportType = typeof IMPORT_TYPES[number];

export interface ImportColumn {
  /** Canonical name: the English heading and the name in problem fields. */
  name: string;
  /** The heading the export writes for Chinese readers; accepted on import too. */
  zh: string;
  /** Further headings accepted on import. */
  aliases: string[];
  /** The event field the column fills. */
  field: string;
  read: CellReader;
  /** The file must have this column (the cells may still be checked by the event schema). */
  required?: boolean;
  /** What the column holds, for the API documentation and the import page. */
  doc: string;
  docZh: string;
}

export const SALE_COLUMNS: readonly ImportColumn[] = [
  {
    name: "id",
    zh: "编号",
    aliases: ["事件编号"],
    field: "id",
    read: text,
    doc: "your id of the row (optional)",
    docZh: "这一行的编号（选填）",
  },
  {
    name: "storeId",
    zh: "门店",
    aliases: ["门店编号", "store"],
    field: "storeId",
    read: text,
    doc: "the store's id or its exact name in the district; a store's account may leave it out",
    docZh: "门店编号或门店全称；门店账号可不填",
  },
  {
    name: "receiptId",
    zh: "小票号",
    aliases: ["单号", "流水号", "receipt"],
    field: "receiptId",
    read: text,
    required: true,
    doc: "the receipt number",
    docZh: "小票号",
  },
  {
    name: "amount",
    zh: "金额(元)",
    aliases: ["金额", "实收金额", "amountyuan"],
    field: "amountFen",
    read: yuanAsFen,
    doc: "yuan with at most two decimals (128.50; ¥ and thousands separators allowed)",
    docZh: "金额（元），最多两位小数，如 128.50；可带 ¥ 和千分位",
  },
  {
    name: "amountFen",
    zh: "金额(分)",
    aliases: [],
    field: "amountFen",
    read: wholeNumber,
    doc: "or the amount in fen as a whole number (12850); give amount or amountFen, not both",
    docZh: "或以分为单位的整数金额（12850）；金额(元)和金额(分)只填一种",
  },
  {
    name: "paymentMethod",
    zh: "支付方式",
    aliases: ["付款方式"],
    field: "paymentMethod",
    read: paymentMethod,
    required: true,
    doc: "cash 现金, card 银行卡, wechat 微信, alipay 支付宝, ecny 数字人民币",
    docZh: "现金、银行卡、微信、支付宝、数字人民币（或 cash、card、wechat、alipay、ecny）",
  },
  {
    name: "refund",
    zh: "退款",
    aliases: ["是否退款"],
    field: "refund",
    read: yesNo,
    doc: "是/否 or true/false; a refund is the positive amount given back (optional, default 否)",
    docZh: "是/否；退款填退还的正数金额（选填，默认否）",
  },
  {
    name: "refundOf",
    zh: "原小票号",
    aliases: [],
    field: "refundOf",
    read: text,
    doc: "a refund's original receipt (optional)",
    docZh: "退款对应的原小票号（选填）",
  },
  {
    name: "channel",
    zh: "渠道",
    aliases: [],
    field: "channel",
    read: channel,
    doc: "offline 线下 (default) or online 线上",
    docZh: "线下（默认）或线上",
  },
  {
    name: "memberId",
    zh: "会员号",
    aliases: ["会员编号", "会员卡号"],
    field: "memberId",
    read: text,
    doc: "the member's id (optional; kept only as a pseudonym)",
    docZh: "会员号（选填，仅以假名保存）",
  },
  {
    name: "at",
    zh: "时间",
    aliases: ["交易时间", "发生时间", "time"],
    field: "at",
    read: time,
    required: true,
    doc: "2025-06-01 14:30[:05] in the district's time zone, or ISO 8601 with an offset",
    docZh: "商圈当地时间，如 2025-06-01 14:30，或带时区的 ISO 8601",
  },
];

export const FOOTFALL_COLUMNS: readonly ImportColumn[] = [
  {
    name: "id",
    zh: "编号",
    aliases: ["事件编号"],
    field: "id",
    read: text,
    doc: "your id of the row (optional)",
    docZh: "这一行的编号（选填）",
  },
  {
    name: "counterId",
    zh: "计数器",
    aliases: ["计数器编号", "设备编号", "counter"],
    field: "counterId",
    read: text,
    required: true,
    doc: "the door counter",
    docZh: "客流计数器",
  },
  {
    name: "zone",
    zh: "区域",
    aliases: ["楼层区域"],
    field: "zone",
    read: text,
    required: true,
    doc: "its zone",
    docZh: "所在区域",
  },
  {
    name: "storeId",
    zh: "门店",
    aliases: ["门店编号", "store"],
    field: "storeId",
    read: text,
    doc: "the store whose door it is: id or exact name (optional; a store's account counts its own store)",
    docZh: "计数器所在门店的编号或全称（选填；门店账号记在自己门店）",
  },
  {
    name: "in",
    zh: "进",
    aliases: ["进入", "进客流", "入"],
    field: "in",
    read: wholeNumber,
    required: true,
    doc: "people in",
    docZh: "进入人数",
  },
  {
    name: "out",
    zh: "出",
    aliases: ["离开", "出客流"],
    field: "out",
    read: wholeNumber,
    required: true,
    doc: "people out",
    docZh: "离开人数",
  },
  {
    name: "at",
    zh: "时间",
    aliases: ["统计时间", "time"],
    field: "at",
    read: time,
    required: true,
    doc: "2025-06-01 14:00 in the district's time zone, or ISO 8601 with an offset",
    docZh: "商圈当地时间，如 2025-06-01 14:00，或带时区的 ISO 8601",
  },
];

export const IMPORT_COLUMNS: Record<ImportType, readonly ImportColumn[]> = {
  sale: SALE_COLUMNS,
  footfall: FOOTFALL_COLUMNS,
};

/** Headings compare without case, spaces, or the difference between full-width and ASCII brackets. */
export function headingKey(heading: string): string {
  return heading.replace(/^\uFEFF/, "").replace(/（/g, "(").replace(/）/g, ")").replace(/\s+/g, "").toLowerCase();
}

export function columnByHeading(type: ImportType): Map<string, ImportColumn> {
  const byKey = new Map<string, ImportColumn>();
  for (const column of IMPORT_COLUMNS[type]) {
    for (const heading of [column.name, column.zh, ...column.aliases]) byKey.set(headingKey(heading), column);
  }
  return byKey;
}
