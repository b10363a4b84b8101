/** Pieces the points pages share: the API's address, a ledger table, dates, new request keys. */
import { formatDateTime, type Locale } from "../../../platform/sdk.ts";
import type { PointsText } from "./messages.ts";

export const API = "/api/v1/plugins/membership/points";
export const POINTS_PATH = "/console/plugins/membership/points";

export interface LedgerItemView {
  id: string;
  kind: "earn" | "redeem" | "expire" | "adjust" | "reverse";
  points: number;
  balanceAfter: number;
  storeId: string | null;
  storeName: string | null;
  reason: string;
  at: string;
}

export interface LedgerPageView {
  balance: number;
  expiring: { expiresAt: string; points: number }[];
  items: LedgerItemView[];
  page: number;
  pageSize: number;
  total: number;
}

/** The last day points can be used: the day before the instant they expire (Asia/Shanghai, as pages show time). */
export function lastDay(locale: Locale, expiresAt: string): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  })
    .format(new Date(Date.parse(expiresAt) - 1));
}

/** Today in the district (Asia/Shanghai), YYYY-MM-DD. */
export function today(): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  })
    .format(new Date());
}

/** A fresh key for a form's request, so a double click or a retry of the same form counts once. */
export function newRequestKey(prefix: string): string {
  return `${prefix}-${crypto.randomUUID()}`;
}

export function signed(points: number): string {
  return points > 0 ? `+${points}` : String(points);
}

export function yuanText(fen: number): string {
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** The entries; operators also see the note of each (members see it for adjustments only, written for them). */
export function LedgerTable(
  { items, t, locale, showReasons }: { items: LedgerItemView[]; t: PointsText; locale: Locale; showReasons: boolean },
) {
  return (
    <table class="cards">
      <thead>
        <tr>
          <th scope="col">{t("members.when")}</th>
          <th scope="col">{t("members.what")}</th>
          <th scope="col">{t("members.where")}</th>
          <th scope="col">{t("members.change")}</th>
          <th scope="col">{t("members.after")}</th>
          {showReasons ? <th scope="col">{t("members.reason")}</th> : null}
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.id}>
            <td data-label={t("members.when")}>{formatDateTime(locale, item.at)}</td>
            <td data-label={t("members.what")}>
              {t(`kind.${item.kind}`)}
              {!showReasons && item.kind === "adjust" ? <span class="hint">{` · ${item.reason}`}</span> : null}
            </td>
            <td data-label={t("members.where")}>{item.storeId ? item.storeName ?? "—" : t("district")}</td>
            <td data-label={t("members.change")}>
              <span class={item.points > 0 ? "badge ok" : "badge muted"}>{signed(item.points)}</span>
            </td>
            <td data-label={t("members.after")}>{item.balanceAfter}</td>
            {showReasons ? <td data-label={t("members.reason")}>{item.reason}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Links to the newer and older pages of a list, keeping the other query parameters. */
export function Pager(
  { path, query, page, pageSize, total, newer, older }: {
    path: string;
    query: Record<string, string>;
    page: number;
    pageSize: number;
    total: number;
    newer: string;
    older: string;
  },
) {
  const href = (to: number) => `${path}?${new URLSearchParams({ ...query, page: String(to) })}`;
  if (page <= 1 && page * pageSize >= total) return null;
  return (
    <nav class="pager">
      {page > 1 ? <a href={href(page - 1)}>{newer}</a> : null}{" "}
      {page * pageSize < total ? <a href={href(page + 1)}>{older}</a> : null}
    </nav>
  );
}
