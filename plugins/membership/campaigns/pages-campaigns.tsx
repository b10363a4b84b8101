/**
 * The operator's campaigns page: the weekly push report (store indicator 7), the campaigns with their outcome
 * counts and, for those who may, composing, sending now, scheduling and cancelling — all through the API.
 */
import {
  type ApiFormField,
  formatDateTime,
  Island,
  type PluginPage,
  type PluginPageContext,
  signedInPrincipal,
} from "../../../platform/sdk.ts";
import { messages, type Text } from "./messages.ts";
import { READ, WRITE } from "./permissions.ts";
import { SEGMENTS_PATH } from "./pages-segments.tsx";

const API = "/api/v1/plugins/membership";
export const CAMPAIGNS_PATH = "/console/plugins/membership/campaigns";
const CHANNEL_SETS = ["inbox", "sms", "wechat", "inbox,sms", "inbox,wechat", "sms,wechat", "inbox,sms,wechat"];
export const OUTCOME_KEYS = ["sent", "skipped-no-consent", "skipped-capped", "failed", "pending"] as const;

export interface CampaignView {
  id: string;
  title: string;
  body: string;
  channels: ("inbox" | "sms" | "wechat")[];
  segmentName: string | null;
  status: "draft" | "scheduled" | "sending" | "sent" | "cancelled";
  scheduledAt: string | null;
  finishedAt: string | null;
  audienceSize: number | null;
  results: {
    members: Record<typeof OUTCOME_KEYS[number], number>;
    byChannel: Record<string, Record<typeof OUTCOME_KEYS[number], number>>;
  };
}

interface Week {
  week: string;
  weekStart: string;
  campaigns: number;
  membersReached: number;
}

export const channelsText = (t: Text, channels: string[]) =>
  channels.map((channel) => t(`channel.${channel}` as "channel.inbox")).join(" + ");

export const statusBadge = (status: CampaignView["status"]) =>
  status === "sent" ? "badge ok" : status === "cancelled" ? "badge muted" : "badge warn";

export function OutcomeFacts({ t, counts }: { t: Text; counts: CampaignView["results"]["members"] }) {
  return (
    <dl class="facts">
      {OUTCOME_KEYS.map((outcome) => (
        <>
          <dt>{t(`outcome.${outcome}`)}</dt>
          <dd>{counts[outcome]}</dd>
        </>
      ))}
    </dl>
  );
}

function WeeklyReport({ t, weeks, everyWeek }: { t: Text; weeks: Week[]; everyWeek: boolean }) {
  return (
    <section aria-labelledby="weekly-push" class="panel">
      <div class="card-head">
        <h2 id="weekly-push">{t("campaigns.weekly")}</h2>
        <span class={everyWeek ? "badge ok" : "badge warn"}>
          {everyWeek ? t("campaigns.weeklyOk") : t("campaigns.weeklyGap")}
        </span>
      </div>
      <table class="cards">
        <thead>
          <tr>
            <th scope="col">{t("campaigns.week")}</th>
            <th scope="col" class="number">{t("campaigns.weekCampaigns")}</th>
            <th scope="col" class="number">{t("campaigns.weekMembers")}</th>
          </tr>
        </thead>
        <tbody>
          {weeks.map((week) => (
            <tr key={week.week}>
              <td data-label={t("campaigns.week")}>{week.week} ({week.weekStart})</td>
              <td data-label={t("campaigns.weekCampaigns")} class="number">{week.campaigns}</td>
              <td data-label={t("campaigns.weekMembers")} class="number">{week.membersReached}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Actions({ ctx, t, campaign }: { ctx: PluginPageContext; t: Text; campaign: CampaignView }) {
  if (campaign.status !== "draft" && campaign.status !== "scheduled") return null;
  const conflict = { "409": t("campaigns.cannotChange") };
  const form = (id: string, action: string, submitLabel: string, fields: ApiFormField[] = []) => (
    <Island
      name="ApiForm"
      props={{
        locale: ctx.locale,
        id: `${id}-${campaign.id}`,
        action: `${API}/campaigns/${campaign.id}/${action}`,
        fields,
        submitLabel,
        done: { reload: true },
        messages: conflict,
      }}
    />
  );
  return (
    <div class="stack">
      {form("send", "send", t("campaigns.sendNow"))}
      {form("schedule", "send", t("campaigns.schedule"), [
        { kind: "datetime", name: "at", label: t("field.at"), hint: t("field.atHint"), required: true },
      ])}
      {form("cancel", "cancel", t("campaigns.cancel"))}
    </div>
  );
}

function CampaignCard(
  { ctx, t, campaign, canManage }: { ctx: PluginPageContext; t: Text; campaign: CampaignView; canManage: boolean },
) {
  return (
    <article class="card" aria-labelledby={`campaign-${campaign.id}`}>
      <div class="card-head">
        <h3 id={`campaign-${campaign.id}`}>{campaign.title}</h3>
        <span class={statusBadge(campaign.status)}>{t(`status.${campaign.status}`)}</span>
      </div>
      <p>{campaign.body}</p>
      <dl class="facts">
        <dt>{t("facts.channels")}</dt>
        <dd>{channelsText(t, campaign.channels)}</dd>
        <dt>{t("facts.segment")}</dt>
        <dd>{campaign.segmentName ?? "—"}</dd>
        <dt>{t("facts.scheduledAt")}</dt>
        <dd>{formatDateTime(ctx.locale, campaign.scheduledAt)}</dd>
        <dt>{t("facts.audience")}</dt>
        <dd>{campaign.audienceSize ?? "—"}</dd>
      </dl>
      {campaign.audienceSize !== null ? <OutcomeFacts t={t} counts={campaign.results.members} /> : null}
      <p>
        <a href={`${CAMPAIGNS_PATH}/${campaign.id}`}>{t("campaigns.open")}</a>
      </p>
      {canManage ? <Actions ctx={ctx} t={t} campaign={campaign} /> : null}
    </article>
  );
}

export const campaignsPage: PluginPage = {
  path: CAMPAIGNS_PATH,
  access: READ,
  render: async (ctx) => {
    const t = messages(ctx.locale);
    const principal = signedInPrincipal(ctx);
    const canManage = principal.permissions.has(WRITE.permission);
    const [campaigns, report, segments] = await Promise.all([
      ctx.api.data<{ items: CampaignView[]; frequencyCap: number }>(`${API}/campaigns`),
      ctx.api.data<{ items: Week[]; everyWeek: boolean }>(`${API}/campaigns/weekly-report?weeks=8`),
      ctx.api.data<{ items: { id: string; name: string; members: number }[] }>(`${API}/segments`),
    ]);
    const cap = campaigns.frequencyCap;
    return {
      title: t("campaigns.title"),
      body: (
        <>
          <h1>{t("campaigns.title")}</h1>
          <p class="lead">{t("campaigns.lead", { cap })}</p>
          <WeeklyReport t={t} weeks={report.items} everyWeek={report.everyWeek} />
          {canManage
            ? (
              <section aria-labelledby="campaign-compose" class="panel">
                <h2 id="campaign-compose">{t("campaigns.compose")}</h2>
                {segments.items.length
                  ? (
                    <Island
                      name="ApiForm"
                      props={{
                        locale: ctx.locale,
                        id: "campaign-compose",
                        action: `${API}/campaigns`,
                        fields: [
                          {
                            kind: "text",
                            name: "title",
                            label: t("field.title"),
                            hint: t("field.titleHint"),
                            required: true,
                            maxLength: 40,
                          },
                          {
                            kind: "text",
                            name: "body",
                            label: t("field.body"),
                            hint: t("field.bodyHint"),
                            required: true,
                            multiline: true,
                            maxLength: 300,
                          },
                          {
                            kind: "choice",
                            name: "channels",
                            label: t("field.channels"),
                            required: true,
                            options: CHANNEL_SETS.map((set) => ({
                              value: set,
                              label: channelsText(t, set.split(",")),
                            })),
                          },
                          {
                            kind: "choice",
                            name: "segmentId",
                            label: t("field.segment"),
                            required: true,
                            options: segments.items.map((s) => ({ value: s.id, label: `${s.name}（${s.members}）` })),
                          },
                        ],
                        submitLabel: t("campaigns.create"),
                        done: { reload: true },
                      }}
                    />
                  )
                  : (
                    <p class="notice">
                      <a href={SEGMENTS_PATH}>{t("campaigns.needSegment")}</a>
                    </p>
                  )}
              </section>
            )
            : null}
          <section aria-labelledby="campaign-list">
            <h2 id="campaign-list">{t("campaigns.list")}</h2>
            {campaigns.items.length
              ? (
                <div class="card-list">
                  {campaigns.items.map((campaign) => (
                    <CampaignCard key={campaign.id} ctx={ctx} t={t} campaign={campaign} canManage={canManage} />
                  ))}
                </div>
              )
              : <p class="empty">{t("campaigns.none")}</p>}
          </section>
        </>
      ),
    };
  },
};
