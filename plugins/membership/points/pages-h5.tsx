/**
 * `/d/<district>/membership/points`, the member's phone page: the points they can spend, what expires soon and
 * the history, page by page. It reads the member's own route with the member's cookie; without a session it
 * asks them to sign in on the card page.
 */
import type { PluginPage } from "../../../platform/sdk.ts";
import { messages } from "./messages.ts";
import { lastDay, type LedgerPageView, LedgerTable, Pager } from "./page-bits.tsx";

export const pointsH5Page: PluginPage = {
  path: "/d/:district/membership/points",
  access: "public",
  render: async (ctx) => {
    const t = messages(ctx.locale);
    const district = encodeURIComponent(ctx.c.req.param("district") ?? "");
    const page = Math.max(1, Math.floor(Number(ctx.c.req.query("page") ?? 1)) || 1);
    const answer = await ctx.api.get<LedgerPageView>(
      `/api/v1/plugins/membership/public/${district}/me/points?page=${page}&pageSize=20`,
    );
    if (!answer.ok) {
      if (answer.status !== 401) throw new Error(`the member's points answered ${answer.status}`);
      return {
        title: t("h5.title"),
        frame: "consumer",
        body: (
          <section class="message-page">
            <h1>{t("h5.title")}</h1>
            <p>{t("h5.signIn")}</p>
            <p>
              <a class="button primary" href={`/d/${district}/membership`}>{t("h5.signInLink")}</a>
            </p>
          </section>
        ),
      };
    }
    const points = answer.data;
    return {
      title: t("h5.title"),
      frame: "consumer",
      body: (
        <section class="consumer-points">
          <h1>{t("h5.title")}</h1>
          <p class="lead">{t("h5.lead")}</p>
          <p class="big-number" aria-label={t("h5.balance")}>
            {points.balance} <span class="hint">{t("h5.balance")}</span>
          </p>
          {points.expiring.map((lot) => (
            <p class="notice" key={lot.expiresAt}>
              {t("h5.expiring", { points: lot.points, date: lastDay(ctx.locale, lot.expiresAt) })}
            </p>
          ))}
          <h2>{t("h5.history")}</h2>
          {points.items.length
            ? <LedgerTable items={points.items} t={t} locale={ctx.locale} showReasons={false} />
            : <p class="empty">{t("h5.none")}</p>}
          <Pager
            path={`/d/${district}/membership/points`}
            query={{}}
            page={points.page}
            pageSize={points.pageSize}
            total={points.total}
            newer={t("h5.newer")}
            older={t("h5.more")}
          />
        </section>
      ),
    };
  },
};
