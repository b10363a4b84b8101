/**
 * The plugin's pages. Operators: `/console/plugins/satisfaction` — the surveys with their rate against the
 * district's target, the answers per rating, each open survey's consumer address, and a form to open a survey.
 * Consumers: `/d/<district slug>/satisfaction/<survey id>` — a phone page with five big rating buttons and an
 * optional comment, posting to the public API. Both are server-rendered from the plugin's API; the forms are the
 * core's ApiForm island, so the plugin ships no browser code.
 */
import {
  type ApiFormField,
  formatDateTime,
  Island,
  type PluginPage,
  type PluginPageContext,
  signedInPrincipal,
} from "../../platform/sdk.ts";
import { messages, RATINGS } from "./messages.ts";

interface SurveyView {
  id: string;
  title: string;
  storeId: string | null;
  status: "open" | "closed";
  closesAt: string | null;
  createdAt: string;
  results: {
    byRating: Record<string, number>;
    total: number;
    rate: number | null;
    meetsTarget: boolean | null;
  };
}

type Text = ReturnType<typeof messages>;

function isOpen(survey: SurveyView): boolean {
  return survey.status === "open" && (!survey.closesAt || Date.parse(survey.closesAt) > Date.now());
}

function RatingBars({ survey, t }: { survey: SurveyView; t: Text }) {
  const { byRating, total } = survey.results;
  return (
    <ul class="bar-list" aria-label={t("ratings")}>
      {RATINGS.map((rating) => {
        const count = byRating[rating] ?? 0;
        const share = total ? Math.round((count / total) * 100) : 0;
        return (
          <li key={rating}>
            <span class="bar-label">{t(`rating.${rating}`)}</span>
            <span class={rating >= 3 ? "bar good" : "bar bad"} aria-hidden="true">
              <span style={{ width: `${share}%` }} />
            </span>
            <span class="bar-value">{count}</span>
          </li>
        );
      })}
    </ul>
  );
}

function SurveyCard(
  { survey, t, ctx, storeNames, link }: {
    survey: SurveyView;
    t: Text;
    ctx: PluginPageContext;
    storeNames: Map<string, string>;
    link?: string;
  },
) {
  const open = isOpen(survey);
  const { rate, meetsTarget, total } = survey.results;
  const titleId = `survey-${survey.id}-title`;
  return (
    <article class="card" aria-labelledby={titleId}>
      <div class="card-head">
        <h3 id={titleId}>{survey.title}</h3>
        <span class={open ? "badge ok" : "badge muted"}>{open ? t("open") : t("closed")}</span>
      </div>
      <p class="big-number">
        {rate === null ? t("noAnswers") : t("rate", { rate: rate.toFixed(1) })} {meetsTarget === null
          ? null
          : <span class={meetsTarget ? "badge ok" : "badge warn"}>{meetsTarget ? t("meets") : t("below")}</span>}
      </p>
      <RatingBars survey={survey} t={t} />
      <dl class="facts">
        <dt>{t("answers")}</dt>
        <dd>{total}</dd>
        <dt>{t("about")}</dt>
        <dd>{survey.storeId ? storeNames.get(survey.storeId) ?? "—" : t("wholeDistrict")}</dd>
        <dt>{t("createdAt")}</dt>
        <dd>{formatDateTime(ctx.locale, survey.createdAt)}</dd>
        <dt>{t("closesAt")}</dt>
        <dd>{survey.closesAt ? formatDateTime(ctx.locale, survey.closesAt) : t("noEnd")}</dd>
      </dl>
      {open && link
        ? (
          <>
            <Island
              name="CopyText"
              props={{ locale: ctx.locale, id: `survey-${survey.id}-link`, label: t("link"), text: link }}
            />
            <p class="hint">
              {t("linkHint")} <a href={link}>{t("openLink")}</a>
            </p>
          </>
        )
        : null}
    </article>
  );
}

export const surveysPage: PluginPage = {
  path: "/console/plugins/satisfaction",
  access: { permission: "satisfaction:read" },
  render: async (ctx) => {
    const t = messages(ctx.locale);
    const principal = signedInPrincipal(ctx);
    const [surveys, stores] = await Promise.all([
      ctx.api.data<{ items: SurveyView[]; targetPercent: number }>("/api/v1/plugins/satisfaction/surveys"),
      ctx.api.get<{ items: { id: string; name: string }[] }>("/api/v1/stores"),
    ]);
    const storeList = stores.ok ? stores.data.items : [];
    const storeNames = new Map(storeList.map((store) => [store.id, store.name]));
    const slug = principal.tenants.find((tenant) => tenant.id === principal.tenantId)?.slug;
    const origin = new URL(ctx.c.req.url).origin;
    const linkOf = (id: string) => slug ? `${origin}/d/${slug}/satisfaction/${id}` : undefined;
    const fields: ApiFormField[] = [
      {
        kind: "text",
        name: "title",
        label: t("surveyTitle"),
        hint: t("surveyTitleHint"),
        required: true,
        maxLength: 100,
      },
      ...(storeList.length
        ? [{
          kind: "choice" as const,
          name: "storeId",
          label: t("store"),
          placeholder: t("wholeDistrict"),
          options: storeList.map((store) => ({ value: store.id, label: store.name })),
        }]
        : []),
      { kind: "datetime", name: "closesAt", label: t("closesAt"), hint: t("closesAtHint") },
    ];
    return {
      title: t("title"),
      body: (
        <>
          <h1>{t("title")}</h1>
          <p class="lead">{t("lead", { target: surveys.targetPercent })}</p>
          <section aria-labelledby="surveys-title">
            <h2 id="surveys-title">{t("listTitle")}</h2>
            {surveys.items.length
              ? (
                <div class="card-list">
                  {surveys.items.map((survey) => (
                    <SurveyCard
                      key={survey.id}
                      survey={survey}
                      t={t}
                      ctx={ctx}
                      storeNames={storeNames}
                      link={linkOf(survey.id)}
                    />
                  ))}
                </div>
              )
              : <p class="empty">{t("none")}</p>}
          </section>
          {principal.permissions.has("satisfaction:manage")
            ? (
              <section aria-labelledby="survey-create-heading" class="panel">
                <h2 id="survey-create-heading">{t("createTitle")}</h2>
                <Island
                  name="ApiForm"
                  props={{
                    locale: ctx.locale,
                    id: "survey-create",
                    action: "/api/v1/plugins/satisfaction/surveys",
                    fields,
                    submitLabel: t("create"),
                    done: { reload: true },
                  }}
                />
              </section>
            )
            : null}
        </>
      ),
    };
  },
};

export const answerPage: PluginPage = {
  path: "/d/:district/satisfaction/:survey",
  access: "public",
  render: async (ctx) => {
    const t = messages(ctx.locale);
    const district = encodeURIComponent(ctx.c.req.param("district") ?? "");
    const surveyId = encodeURIComponent(ctx.c.req.param("survey") ?? "");
    const base = `/api/v1/plugins/satisfaction/public/${district}/surveys/${surveyId}`;
    const answer = await ctx.api.get<{ id: string; title: string; open: boolean }>(base);
    if (!answer.ok) {
      // 404: no such survey here; 422: not even a survey id.
      if (answer.status !== 404 && answer.status !== 422) throw new Error(`${base} answered ${answer.status}`);
      return {
        title: t("noSurveyTitle"),
        status: 404,
        body: (
          <section class="message-page">
            <h1>{t("noSurveyTitle")}</h1>
            <p>{t("noSurvey")}</p>
          </section>
        ),
      };
    }
    const survey = answer.data;
    return {
      title: survey.title,
      body: (
        <section class="consumer-survey">
          <h1>{survey.title}</h1>
          {survey.open
            ? (
              <>
                <p class="lead">{t("answerLead")}</p>
                <Island
                  name="ApiForm"
                  props={{
                    locale: ctx.locale,
                    id: "answer",
                    action: `${base}/responses`,
                    fields: [
                      {
                        kind: "choice",
                        name: "rating",
                        label: t("yourRating"),
                        look: "buttons",
                        required: true,
                        options: RATINGS.map((rating) => ({ value: rating, label: t(`rating.${rating}`) })),
                      },
                      {
                        kind: "text",
                        name: "comment",
                        label: t("comment"),
                        hint: t("commentHint"),
                        multiline: true,
                        maxLength: 500,
                      },
                    ],
                    submitLabel: t("send"),
                    done: { message: t("thanks") },
                    messages: { "409": t("surveyClosed"), "404": t("noSurvey") },
                  }}
                />
              </>
            )
            : <p class="notice" role="status">{t("surveyClosed")}</p>}
        </section>
      ),
    };
  },
};
