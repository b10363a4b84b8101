/**
 * Operators' set-up pages of the members area: the level ladder (add, change, remove) and the tags (hand-set, and
 * rule tags of one condition from the form; several conditions through the API).
 */
import {
  type ApiFormField,
  formatDateTime,
  Island,
  type PluginPage,
  type PluginPageContext,
  signedInPrincipal,
} from "../../../platform/sdk.ts";
import { P } from "./grants.ts";
import { type MembersText, messages } from "./messages.ts";

const API = "/api/v1/plugins/membership";

interface LevelView {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  rank: number;
  thresholdPoints: number;
  earnMultiplier: number;
  benefits: string[];
  members: number;
}

interface Condition {
  kind: "minSpend" | "minVisits" | "boughtCategory" | "lastVisitWithin" | "lastVisitNotWithin";
  days: number;
  amountFen?: number;
  visits?: number;
  category?: string;
}

interface TagView {
  id: string;
  code: string;
  name: string;
  rule: { all: Condition[] } | null;
  members: number;
  computedAt: string | null;
}

const KINDS = ["minSpend", "minVisits", "boughtCategory", "lastVisitWithin", "lastVisitNotWithin"] as const;

export function ruleText(t: MembersText, rule: { all: Condition[] }): string {
  return rule.all.map((c) =>
    t(`rule.${c.kind}`, {
      days: c.days,
      amount: c.amountFen === undefined ? "" : (c.amountFen / 100).toFixed(2).replace(/\.00$/, ""),
      visits: c.visits ?? "",
      category: c.category ?? "",
    })
  ).join(" · ");
}

function levelFields(t: MembersText, level?: LevelView): ApiFormField[] {
  return [
    ...(level ? [] : [{ kind: "text" as const, name: "code", label: t("levels.code"), required: true, maxLength: 32 }]),
    { kind: "text", name: "nameZh", label: t("levels.nameZh"), required: true, maxLength: 32, value: level?.nameZh },
    { kind: "text", name: "nameEn", label: t("levels.nameEn"), required: true, maxLength: 32, value: level?.nameEn },
    { kind: "number", name: "rank", label: t("levels.rank"), required: true, value: level?.rank },
    {
      kind: "number",
      name: "thresholdPoints",
      label: t("levels.threshold"),
      required: true,
      value: level?.thresholdPoints,
    },
    { kind: "number", name: "earnMultiplier", label: t("levels.multiplier"), value: level?.earnMultiplier ?? 1 },
  ];
}

export const levelsPage: PluginPage = {
  path: "/console/plugins/membership/levels",
  access: { permission: P.read },
  render: async (ctx: PluginPageContext) => {
    const t = messages(ctx.locale);
    const manage = signedInPrincipal(ctx).permissions.has(P.levels);
    const { items, qualifyingDays } = await ctx.api.data<{ items: LevelView[]; qualifyingDays: number }>(
      `${API}/levels`,
    );
    return {
      title: t("levels.title"),
      body: (
        <>
          <h1>{t("levels.title")}</h1>
          <p class="lead">{t("levels.lead", { days: qualifyingDays })}</p>
          {items.length === 0 ? <p class="empty">{t("levels.none")}</p> : (
            <div class="card-list">
              {items.map((level) => (
                <article class="card" key={level.id} aria-labelledby={`level-${level.id}`}>
                  <div class="card-head">
                    <h3 id={`level-${level.id}`}>{ctx.locale === "zh-CN" ? level.nameZh : level.nameEn}</h3>
                    <span class="badge muted">{t("levels.rank")} {level.rank}</span>
                  </div>
                  <dl class="facts">
                    <dt>{t("levels.code")}</dt>
                    <dd class="code">{level.code}</dd>
                    <dt>{t("levels.threshold")}</dt>
                    <dd>{level.thresholdPoints}</dd>
                    <dt>{t("levels.multiplier")}</dt>
                    <dd>×{level.earnMultiplier}</dd>
                    <dt>{t("levels.benefits")}</dt>
                    <dd>{level.benefits.length ? level.benefits.join("；") : "—"}</dd>
                    <dt>{t("levels.members")}</dt>
                    <dd>{level.members}</dd>
                  </dl>
                  {manage
                    ? (
                      <details>
                        <summary>{t("levels.edit")}</summary>
                        <Island
                          name="ApiForm"
                          props={{
                            locale: ctx.locale,
                            id: `level-edit-${level.id}`,
                            action: `${API}/levels/${level.id}`,
                            method: "PATCH",
                            fields: levelFields(t, level),
                            submitLabel: t("levels.edit"),
                            done: { reload: true },
                          }}
                        />
                        {level.members === 0
                          ? (
                            <Island
                              name="ApiForm"
                              props={{
                                locale: ctx.locale,
                                id: `level-delete-${level.id}`,
                                action: `${API}/levels/${level.id}`,
                                method: "DELETE",
                                fields: [],
                                submitLabel: t("levels.delete"),
                                done: { reload: true },
                                messages: { "409": t("levels.deleteRefused") },
                              }}
                            />
                          )
                          : null}
                      </details>
                    )
                    : null}
                </article>
              ))}
            </div>
          )}
          {manage
            ? (
              <section class="panel" aria-labelledby="level-create">
                <h2 id="level-create">{t("levels.create")}</h2>
                <Island
                  name="ApiForm"
                  props={{
                    locale: ctx.locale,
                    id: "level-create-form",
                    action: `${API}/levels`,
                    fields: levelFields(t),
                    submitLabel: t("levels.create"),
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

export const tagsPage: PluginPage = {
  path: "/console/plugins/membership/tags",
  access: { permission: P.read },
  render: async (ctx: PluginPageContext) => {
    const t = messages(ctx.locale);
    const manage = signedInPrincipal(ctx).permissions.has(P.tags);
    const { items } = await ctx.api.data<{ items: TagView[] }>(`${API}/tags`);
    const codeAndName: ApiFormField[] = [
      { kind: "text", name: "code", label: t("tags.code"), required: true, maxLength: 32 },
      { kind: "text", name: "name", label: t("tags.name"), required: true, maxLength: 32 },
    ];
    return {
      title: t("tags.title"),
      body: (
        <>
          <h1>{t("tags.title")}</h1>
          <p class="lead">{t("tags.lead")}</p>
          {items.length === 0 ? <p class="empty">{t("tags.none")}</p> : (
            <table class="cards">
              <thead>
                <tr>
                  <th>{t("tags.name")}</th>
                  <th>{t("tags.rule")}</th>
                  <th>{t("tags.members")}</th>
                  <th>{t("tags.computedAt")}</th>
                  {manage ? <th>{t("tags.delete")}</th> : null}
                </tr>
              </thead>
              <tbody>
                {items.map((tag) => (
                  <tr key={tag.id}>
                    <td data-label={t("tags.name")}>
                      {tag.name} <span class="code">{tag.code}</span>
                    </td>
                    <td data-label={t("tags.rule")}>{tag.rule ? ruleText(t, tag.rule) : t("tags.manual")}</td>
                    <td data-label={t("tags.members")}>{tag.members}</td>
                    <td data-label={t("tags.computedAt")}>
                      {tag.rule ? (tag.computedAt ? formatDateTime(ctx.locale, tag.computedAt) : t("tags.never")) : "—"}
                    </td>
                    {manage
                      ? (
                        <td data-label={t("tags.delete")}>
                          <Island
                            name="ApiForm"
                            props={{
                              locale: ctx.locale,
                              id: `tag-delete-${tag.id}`,
                              action: `${API}/tags/${tag.id}`,
                              method: "DELETE",
                              fields: [],
                              submitLabel: t("tags.delete"),
                              done: { reload: true },
                            }}
                          />
                        </td>
                      )
                      : null}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {manage
            ? (
              <>
                <section class="panel" aria-labelledby="tag-manual">
                  <h2 id="tag-manual">{t("tags.createManual")}</h2>
                  <Island
                    name="ApiForm"
                    props={{
                      locale: ctx.locale,
                      id: "tag-manual-form",
                      action: `${API}/tags`,
                      fields: codeAndName,
                      submitLabel: t("tags.createManual"),
                      done: { reload: true },
                    }}
                  />
                </section>
                <section class="panel" aria-labelledby="tag-rule">
                  <h2 id="tag-rule">{t("tags.createRule")}</h2>
                  <Island
                    name="ApiForm"
                    props={{
                      locale: ctx.locale,
                      id: "tag-rule-form",
                      action: `${API}/tags/single-condition`,
                      fields: [
                        ...codeAndName,
                        {
                          kind: "choice",
                          name: "kind",
                          label: t("tags.kind"),
                          hint: t("tags.conditionHint"),
                          required: true,
                          options: KINDS.map((kind) => ({ value: kind, label: t(`kind.${kind}`) })),
                        },
                        { kind: "number", name: "days", label: t("tags.days"), required: true, value: 30 },
                        { kind: "number", name: "amountYuan", label: t("tags.amountYuan") },
                        { kind: "number", name: "visits", label: t("tags.visits") },
                        { kind: "text", name: "category", label: t("tags.category"), maxLength: 40 },
                      ],
                      submitLabel: t("tags.createRule"),
                      done: { reload: true },
                    }}
                  />
                </section>
              </>
            )
            : null}
        </>
      ),
    };
  },
};
