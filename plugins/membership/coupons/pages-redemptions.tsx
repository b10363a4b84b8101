/**
 * `/console/plugins/membership/coupons/redemptions`: the redemption log — a store's own till's for its people,
 * every store's and car park's for the operator.
 */
import type { z } from "@hono/zod-openapi";
import { formatDateTime, type Locale, type PluginPage } from "../../../platform/sdk.ts";
import type { Redemption } from "./api-schemas.ts";
import { yuan } from "./describe.ts";
import { type CouponText, messages } from "./messages.ts";
import { API, COUPONS_PATH, storeNamesOf } from "./pages-templates.tsx";

export const REDEMPTIONS_PATH = `${COUPONS_PATH}/redemptions`;

type RedemptionView = z.infer<typeof Redemption>;

export function RedemptionTable(
  { items, t, locale, storeNames }: {
    items: RedemptionView[];
    t: CouponText;
    locale: Locale;
    storeNames: Map<string, string>;
  },
) {
  if (!items.length) return <p class="empty">{t("redemptions.none")}</p>;
  return (
    <table class="cards">
      <thead>
        <tr>
          <th scope="col">{t("redemptions.at")}</th>
          <th scope="col">{t("redemptions.coupon")}</th>
          <th scope="col">{t("redemptions.code")}</th>
          <th scope="col">{t("redemptions.where")}</th>
          <th scope="col">{t("redemptions.amount")}</th>
          <th scope="col">{t("redemptions.discount")}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.id}>
            <td data-label={t("redemptions.at")}>
              {formatDateTime(locale, item.redeemedAt)}{" "}
              {item.undoneAt ? <span class="badge muted">{t("redemptions.undone")}</span> : null}
            </td>
            <td data-label={t("redemptions.coupon")}>{item.title}</td>
            <td data-label={t("redemptions.code")}>
              <code>{item.code}</code>
            </td>
            <td data-label={t("redemptions.where")}>
              {item.storeId ? storeNames.get(item.storeId) ?? "—" : t("redemptions.carPark")}
            </td>
            <td data-label={t("redemptions.amount")}>{item.amountFen === null ? "—" : `¥${yuan(item.amountFen)}`}</td>
            <td data-label={t("redemptions.discount")}>
              {item.kind === "parking"
                ? t("value.parking", { minutes: item.freeMinutes ?? 0 })
                : `¥${yuan(item.discountFen)}`}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export const redemptionsPage: PluginPage = {
  path: REDEMPTIONS_PATH,
  access: { permission: "membership:coupons-read" },
  render: async (ctx) => {
    const t = messages(ctx.locale);
    const [redemptions, storeNames] = await Promise.all([
      ctx.api.data<{ items: RedemptionView[] }>(`${API}/redemptions?limit=200`),
      storeNamesOf(ctx),
    ]);
    return {
      title: t("redemptions.title"),
      body: (
        <>
          <h1>{t("redemptions.title")}</h1>
          <RedemptionTable items={redemptions.items} t={t} locale={ctx.locale} storeNames={storeNames} />
        </>
      ),
    };
  },
};
