/**
 * Reading one spreadsheet cell into an event field. Cells are text; people write amounts as "¥1,280.50", payment
 * methods as 微信, yes as 是. Each reader accepts those spellings, returns undefined for an empty cell (the event
 * schema then says whether the field was required) and explains a cell it cannot read in words a person can act on.
 */
import { PAYMENT_METHODS, type PaymentMethod } from "../types/sale.ts";
import { cellTime } from "./local-time.ts";

export type CellResult = { ok: true; value: unknown } | { ok: false; message: string };
export type CellReader = (text: string, ctx: { timeZone: string }) => CellResult;

const ok = (value: unknown): CellResult => ({ ok: true, value });
const fail = (message: string): CellResult => ({ ok: false, message });

export const text: CellReader = (value) => ok(value.trim() === "" ? undefined : value.trim());

/** Yuan with at most two decimals, read exactly (never through a float): "1,280.5" → 128050 fen. */
export const yuanAsFen: CellReader = (value) => {
  const plain = value.trim().replace(/^[¥￥]\s*/, "").replace(/(\d),(?=\d{3}\b)/g, "$1");
  if (plain === "") return ok(undefined);
  const match = /^(-?)(\d+)(?:\.(\d*))?$/.exec(plain);
  if (!match) return fail("not an amount in yuan: write 128.50");
  if (match[1]) return fail("must not be negative; a refund is the positive amount given back, with refund = 是");
  const decimals = match[3] ?? "";
  if (decimals.length > 2) return fail("at most two decimals (fen)");
  return ok(Number(match[2]) * 100 + Number(decimals.padEnd(2, "0")));
};

/** A whole number (counts, amounts in fen); thousands separators are allowed. */
export const wholeNumber: CellReader = (value) => {
  const plain = value.trim().replace(/(\d),(?=\d{3}\b)/g, "$1");
  if (plain === "") return ok(undefined);
  if (!/^\d+$/.test(plain)) return fail("must be a whole number, 0 or more");
  return ok(Number(plain));
};

const TRUE = new Set(["true", "yes", "y", "1", "是", "退款", "t"]);
const FALSE = new Set(["false", "no", "n", "0", "否", "f"]);

export const yesNo: CellReader = (value) => {
  const plain = value.trim().toLowerCase();
  if (plain === "") return ok(undefined);
  if (TRUE.has(plain)) return ok(true);
  if (FALSE.has(plain)) return ok(false);
  return fail("write 是 or 否 (true or false)");
};

/** Payment methods by id or by the names on Chinese receipts. */
export const PAYMENT_NAMES: Record<PaymentMethod, { zh: string; aliases: string[] }> = {
  cash: { zh: "现金", aliases: ["现金"] },
  card: { zh: "银行卡", aliases: ["银行卡", "刷卡", "信用卡", "借记卡", "银联"] },
  wechat: { zh: "微信", aliases: ["微信", "微信支付"] },
  alipay: { zh: "支付宝", aliases: ["支付宝"] },
  ecny: { zh: "数字人民币", aliases: ["数字人民币", "数币", "e-cny"] },
};

const PAYMENT_BY_NAME = new Map<string, PaymentMethod>(
  PAYMENT_METHODS.flatMap((m) => [[m, m], ...PAYMENT_NAMES[m].aliases.map((a) => [a, m])] as [string, PaymentMethod][]),
);

export const paymentMethod: CellReader = (value) => {
  const plain = value.trim().toLowerCase();
  if (plain === "") return ok(undefined);
  const method = PAYMENT_BY_NAME.get(plain);
  if (method) return ok(method);
  return fail(
    `unknown payment method; write one of ${PAYMENT_METHODS.map((m) => `${m} (${PAYMENT_NAMES[m].zh})`).join(", ")}`,
  );
};

export const CHANNEL_NAMES = { offline: "线下", online: "线上" } as const;

export const channel: CellReader = (value) => {
  const plain = value.trim().toLowerCase();
  if (plain === "") return ok(undefined);
  if (plain === "offline" || plain === "线下" || plain === "门店") return ok("offline");
  if (plain === "online" || plain === "线上" || plain === "网店") return ok("online");
  return fail("write offline (线下) or online (线上)");
};

export const time: CellReader = (value, { timeZone }) => {
  if (value.trim() === "") return ok(undefined);
  const read = cellTime(value, timeZone);
  return read.ok ? ok(read.iso) : fail(read.message);
};
