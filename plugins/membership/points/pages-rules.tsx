/**
 * Operators' pages of the alliance: `/console/plugins/membership/points/rules` — the earning rules (base rates and
 * campaign multipliers) with a switch per rule and a form to add one — and `…/points/stores` — which stores take
 * part. Server-rendered from the API; the forms are the core's ApiForm island.
 */
import {
  type ApiFormField,
  formatDateTime,
  Island,
  type PluginPage,
  type PluginPageContext,
  signedInPrincipal,
} from "../../../platform/sdk.ts";
import { messages, type PointsText } from "./messages.ts";
import { API, POINTS_PATH } from "./page-bits.tsx";
import type { RuleView } from "./rules.ts";

export const RULES_PATH = `${POINTS_PATH}/rules`;
export const STORES_PATH = `${POINTS_PATH}/stores`;

interface StoreItem {
  storeId: string;
  name: string;
  participates: boolean;
  decided: boolean;
}

function RuleCard(
  { rule, t, ctx, storeNames, canManage }: {
    rule: RuleView;
    t: PointsText;
    ctx: PluginPageContext;
    storeNames: Map<string, string>;
    canManage: boolean;
  },
) {
  const titleId = `rule-${rule.id}-title`;
  const scope = rule.scope === "district"
    ? t("rules.scope.district")
    : rule.scope === "store"
    ? `${t("rules.scope.store")}：${storeNames.get(rule.storeId ?? "") ?? "—"}`
    : `${t("rules.scope.category")}：${rule.category}${
      rule.storeId ? ` · ${storeNames.get(rule.storeId) ?? "—"}` : ""
    }`;
  return (
    <article class="card" aria-labelledby={titleId}>
      <div class="card-head">
        <h3 id={titleId}>{rule.name}</h3>
        <span class={rule.active ? "badge ok" : "badge muted"}>{rule.active ? t("rules.on") : t("rules.off")}</span>
      </div>
      <p class="big-number">
        {rule.kind === "base"
          ? t("rules.rate", { rate: rule.pointsPerYuan ?? 0 })
          : t("rules.multiplier", { multiplier: rule.multiplier ?? 1 })}{" "}
        <span class="badge muted">{rule.kind === "base" ? t("rules.base") : t("rules.campaign")}</span>
      </p>
      <dl class="facts">
        <dt>{t("rules.scope")}</dt>
        <dd>{scope}</dd>
        <dt>{t("rules.window")}</dt>
        <dd>
          {rule.startsAt || rule.endsAt
            ? `${formatDateTime(ctx.locale, rule.startsAt)} – ${formatDateTime(ctx.locale, rule.endsAt)}`
            : t("rules.always")}
        </dd>
        {rule.kind === "base"
          ? (
            <>
              <dt>{t("rules.cap")}</dt>
              <dd>{rule.dailyCapPerMember ?? t("rules.noCap")}</dd>
            </>
          )
          : null}
        <dt>{t("rules.excluded")}</dt>
        <dd>
          {rule.excludedPaymentMethods.length
            ? rule.excludedPaymentMethods.map((method) => t(`pay.${method}`)).join("、")
            : t("rules.noneExcluded")}
        </dd>
      </dl>
      {canManage
        ? (
          <Island
            name="ApiForm"
            props={{
              locale: ctx.locale,
              id: `rule-${rule.id}`,
              action: `${API}/rules/${rule.id}/activation`,
              fields: [{ kind: "checkbox", name: "active", label: t("rules.active"), value: rule.active }],
              submitLabel: t("rules.save"),
              done: { reload: true },
            }}
          />
        )
        : null}
    </article>
  );
}

function createFields(t: PointsText, stores: StoreItem[]): ApiFormField[] {
  return [
    { kind: "text", name: "name", label: t("rules.name"), required: true, maxLength: 60 },
    {
      kind: "choice",
      name: "kind",
      label: t("rules.kind"),
      required: true,
      options: [{ value: "base", label: t("rules.base") }, { value: "campaign", label: t("rules.campaign") }],
    },
    {
      kind: "choice",
      name: "scope",
      label: t("rules.scope"),
      required: true,
      options: [
        { value: "district", label: t("rules.scope.district") },
        { value: "store", label: t("rules.scope.store") },
        { value: "category", label: t("rules.scope.category") },
      ],
    },
    {
      kind: "choice",
      name: "storeId",
      label: t("rules.store"),
      hint: t("rules.storeHint"),
      placeholder: "—",
      options: stores.map((store) => ({ value: store.storeId, label: store.name })),
    },
    { kind: "text", name: "category", label: t("rules.category"), hint: t("rules.categoryHint"), maxLength: 64 },
    { kind: "number", name: "pointsPerYuan", label: t("rules.pointsPerYuan") },
    { kind: "number", name: "multiplier", label: t("rules.multiplierField") },
    { kind: "datetime", name: "startsAt", label: t("rules.startsAt"), hint: t("rules.windowHint") },
    { kind: "datetime", name: "endsAt", label: t("rules.endsAt") },
    { kind: "number", name: "dailyCapPerMember", label: t("rules.capField") },
    {
      kind: "text",
      name: "excludedPaymentMethods",
      label: t("rules.excludedField"),
      hint: t("rules.excludedHint"),
      maxLength: 60,
    },
  ];
}

export const rulesPage: PluginPage = {
  path: RULES_PATH,
  access: { permission: "membership:points-read" },
  render: async (ctx) => {
    const t = messages(ctx.locale);
    const principal = signedInPrincipal(ctx);
    const canManage = principal.permissions.has("membership:points-manage");
    const [rules, stores] = await Promise.all([
      ctx.api.data<{ items: RuleView[]; defaultPointsPerYuan: number }>(`${API}/rules`),
      ctx.api.data<{ items: StoreItem[] }>(`${API}/stores`),
    ]);
    const storeNames = new Map(stores.items.map((store) => [store.storeId, store.name]));
    return {
      title: t("rules.title"),
      body: (
        <>
          <h1>{t("rules.title")}</h1>
          <p class="lead">{t("rules.lead", { rate: rules.defaultPointsPerYuan })}</p>
          <p>
            <a href={STORES_PATH}>{t("rules.stores")}</a>
          </p>
          {rules.items.length
            ? (
              <div class="card-list">
                {rules.items.map((rule) => (
                  <RuleCard key={rule.id} rule={rule} t={t} ctx={ctx} storeNames={storeNames} canManage={canManage} />
                ))}
              </div>
            )
            : <p class="empty">{t("rules.none", { rate: rules.defaultPointsPerYuan })}</p>}
          {canManage
            ? (
              <section aria-labelledby="rule-create-title" class="panel">
                <h2 id="rule-create-title">{t("rules.create")}</h2>
                <Island
                  name="ApiForm"
                  props={{
                    locale: ctx.locale,
                    id: "rule-create",
                    action: `${API}/rules`,
                    fields: createFields(t, stores.items),
                    submitLabel: t("rules.add"),
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

export const storesPage: PluginPage = {
  path: STORES_PATH,
  access: { permission: "membership:points-read" },
  render: async (ctx) => {
    const t = messages(ctx.locale);
    const canManage = signedInPrincipal(ctx).permissions.has("membership:points-manage");
    const stores = await ctx.api.data<{ items: StoreItem[]; participateByDefault: boolean }>(`${API}/stores`);
    return {
      title: t("stores.title"),
      body: (
        <>
          <h1>{t("stores.title")}</h1>
          <p class="lead">
            {t("stores.lead", {
              default: stores.participateByDefault ? t("stores.defaultIn") : t("stores.defaultOut"),
            })}
          </p>
          {stores.items.length
            ? (
              <div class="card-list">
                {stores.items.map((store) => (
                  <article class="card" key={store.storeId} aria-labelledby={`store-${store.storeId}-title`}>
                    <div class="card-head">
                      <h3 id={`store-${store.storeId}-title`}>{store.name}</h3>
                      <span class={store.participates ? "badge ok" : "badge muted"}>
                        {store.participates ? t("stores.in") : t("stores.out")}
                        {store.decided ? "" : ` ${t("stores.byDefault")}`}
                      </span>
                    </div>
                    {canManage
                      ? (
                        <Island
                          name="ApiForm"
                          props={{
                            locale: ctx.locale,
                            id: `store-${store.storeId}`,
                            action: `${API}/stores/${store.storeId}/participation`,
                            fields: [{
                              kind: "checkbox",
                              name: "participates",
                              label: t("stores.participates"),
                              value: store.participates,
                            }],
                            submitLabel: t("stores.save"),
                            done: { reload: true },
                          }}
                        />
                      )
                      : null}
                  </article>
                ))}
              </div>
            )
            : <p class="empty">{t("stores.none")}</p>}
        </>
      ),
    };
  },
};
