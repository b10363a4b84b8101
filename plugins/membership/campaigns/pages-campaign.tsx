/**
 * One campaign's results: outcome counts per member and per channel, and who received what (card number, masked
 * mobile, channel, outcome, reason), filtered by outcome through plain links and paged.
 */
import { formatDateTime, type PluginPage } from "../../../platform/sdk.ts";
import { messages } from "./messages.ts";
import {
  CAMPAIGNS_PATH,
  type CampaignView,
  channelsText,
  OUTCOME_KEYS,
  OutcomeFacts,
  statusBadge,
} from "./pages-campaigns.tsx";
import { READ } from "./permissions.ts";

const API = "/api/v1/plugins/membership";
const PAGE_SIZE = 50;

interface DeliveryView {
  memberId: string;
  memberNo: string;
  mobile: string | null;
  channel: string;
  status: typeof OUTCOME_KEYS[number];
  reason: string | null;
  decidedAt: string | null;
}

export const campaignPage: PluginPage = {
  path: `${CAMPAIGNS_PATH}/:campaign`,
  access: READ,
  render: async (ctx) => {
    const t = messages(ctx.locale);
    const id = encodeURIComponent(ctx.c.req.param("campaign") ?? "");
    const status = OUTCOME_KEYS.find((outcome) => outcome === ctx.c.req.query("status"));
    const page = Math.max(1, Number.parseInt(ctx.c.req.query("page") ?? "1", 10) || 1);
    const campaign = await ctx.api.data<CampaignView>(`${API}/campaigns/${id}`);
    const query = new URLSearchParams({ page: String(page), pageSize: String(PAGE_SIZE) });
    if (status) query.set("status", status);
    const deliveries = await ctx.api.data<{ items: DeliveryView[]; total: number }>(
      `${API}/campaigns/${id}/deliveries?${query}`,
    );
    const pages = Math.max(1, Math.ceil(deliveries.total / PAGE_SIZE));
    const link = (next: { status?: string; page?: number }) => {
      const params = new URLSearchParams();
      if (next.status) params.set("status", next.status);
      if (next.page && next.page > 1) params.set("page", String(next.page));
      return `${CAMPAIGNS_PATH}/${id}${params.size ? `?${params}` : ""}`;
    };
    return {
      title: campaign.title,
      body: (
        <>
          <p class="breadcrumb">
            <a href={CAMPAIGNS_PATH}>{t("campaign.back")}</a>
          </p>
          <div class="card-head">
            <h1>{campaign.title}</h1>
            <span class={statusBadge(campaign.status)}>{t(`status.${campaign.status}`)}</span>
          </div>
          <p class="lead">{campaign.body}</p>
          <dl class="facts">
            <dt>{t("facts.channels")}</dt>
            <dd>{channelsText(t, campaign.channels)}</dd>
            <dt>{t("facts.segment")}</dt>
            <dd>{campaign.segmentName ?? "—"}</dd>
            <dt>{t("facts.scheduledAt")}</dt>
            <dd>{formatDateTime(ctx.locale, campaign.scheduledAt)}</dd>
            <dt>{t("facts.finishedAt")}</dt>
            <dd>{formatDateTime(ctx.locale, campaign.finishedAt)}</dd>
            <dt>{t("facts.audience")}</dt>
            <dd>{campaign.audienceSize ?? "—"}</dd>
          </dl>
          <section aria-labelledby="campaign-results" class="panel">
            <h2 id="campaign-results">{t("campaign.results")}</h2>
            <OutcomeFacts t={t} counts={campaign.results.members} />
            <h3>{t("campaign.byChannel")}</h3>
            {Object.entries(campaign.results.byChannel).map(([channel, counts]) => (
              <div key={channel}>
                <h4>{channelsText(t, [channel])}</h4>
                <OutcomeFacts t={t} counts={counts} />
              </div>
            ))}
          </section>
          <section aria-labelledby="campaign-deliveries">
            <h2 id="campaign-deliveries">{t("campaign.deliveries")}</h2>
            <nav class="sub-nav" aria-label={t("campaign.outcome")}>
              <ul>
                <li>
                  <a href={link({})} aria-current={status ? undefined : "page"}>{t("campaign.all")}</a>
                </li>
                {OUTCOME_KEYS.map((outcome) => (
                  <li key={outcome}>
                    <a href={link({ status: outcome })} aria-current={status === outcome ? "page" : undefined}>
                      {t(`outcome.${outcome}`)}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
            {deliveries.items.length
              ? (
                <table class="cards">
                  <thead>
                    <tr>
                      <th scope="col">{t("campaign.member")}</th>
                      <th scope="col">{t("campaign.mobile")}</th>
                      <th scope="col">{t("campaign.channel")}</th>
                      <th scope="col">{t("campaign.outcome")}</th>
                      <th scope="col">{t("campaign.reason")}</th>
                      <th scope="col">{t("campaign.decidedAt")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {deliveries.items.map((row) => (
                      <tr key={`${row.memberId}-${row.channel}`}>
                        <td data-label={t("campaign.member")}>{row.memberNo}</td>
                        <td data-label={t("campaign.mobile")}>{row.mobile ?? "—"}</td>
                        <td data-label={t("campaign.channel")}>{channelsText(t, [row.channel])}</td>
                        <td data-label={t("campaign.outcome")}>{t(`outcome.${row.status}`)}</td>
                        <td data-label={t("campaign.reason")}>{row.reason ?? "—"}</td>
                        <td data-label={t("campaign.decidedAt")}>{formatDateTime(ctx.locale, row.decidedAt)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )
              : <p class="empty">{t("campaign.noDeliveries")}</p>}
            {pages > 1
              ? (
                <p class="actions">
                  {page > 1 ? <a href={link({ status, page: page - 1 })}>{t("paging.previous")}</a> : null}
                  <span>{t("paging.page", { page, pages })}</span>
                  {page < pages ? <a href={link({ status, page: page + 1 })}>{t("paging.next")}</a> : null}
                </p>
              )
              : null}
          </section>
        </>
      ),
    };
  },
};
