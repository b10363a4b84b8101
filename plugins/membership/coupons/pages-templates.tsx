/**
 * The console's coupon page, `/console/plugins/membership/coupons`: the templates with their counts, pause and
 * resume, and a form to create one. The operator sees and makes the district's coupons; a store's people see and
 * make their store's own.
 */
import type { z } from "@hono/zod-openapi";
import {
  type ApiFormField,
  Island,
  type PluginPage,
  type PluginPageContext,
  signedInPrincipal,
} from "../../../platform/sdk.ts";
import type { Template } from "./api-schemas.ts";
import { templateValidity, valueText } from "./describe.ts";
import { type CouponText, messages } from "./messages.ts";

export const COUPONS_PATH = "/console/plugins/membership/coupons";
export const API = "/api/v1/plugins/membership/coupons";

export type TemplateView = z.infer<typeof Template>;

export async function storeNamesOf(ctx: PluginPageContext): Promise<Map<string, string>> {
  const stores = await ctx.api.get<{ items: { id: string; name: string }[] }>("/api/v1/stores");
  return new Map((stores.ok ? stores.data.items : []).map((store) => [store.id, store.name]));
}

export function whereText(t: CouponText, template: TemplateView, storeNames: Map<string, string>): string {
  if (template.ownerStoreId) return storeNames.get(template.ownerStoreId) ?? t("templates.thisStore");
  if (!template.storeIds.length) return t("templates.allStores");
  return template.storeIds.map((id) => storeNames.get(id) ?? "—").join("、");
}

export function TemplateFacts(
  { template, t, ctx, storeNames }: {
    template: TemplateView;
    t: CouponText;
    ctx: PluginPageContext;
    storeNames: Map<string, string>;
  },
) {
  const channels = [
    template.claimable ? t("templates.claimable") : null,
    template.pointsCost ? t("templates.points", { points: template.pointsCost }) : null,
  ].filter(Boolean);
  return (
    <dl class="facts">
      <dt>{t("templates.value")}</dt>
      <dd>{valueText(t, template)}</dd>
      <dt>{t("templates.validity")}</dt>
      <dd>{templateValidity(t, ctx.locale, template)}</dd>
      <dt>{t("templates.where")}</dt>
      <dd>{whereText(t, template, storeNames)}</dd>
      <dt>{t("templates.limits")}</dt>
      <dd>
        {t("templates.limitsText", {
          total: template.totalLimit ?? t("templates.noTotal"),
          perMember: template.perMemberLimit,
        })}
      </dd>
      <dt>{t("templates.channels")}</dt>
      <dd>{channels.length ? channels.join("、") : t("templates.staffOnly")}</dd>
    </dl>
  );
}

function TemplateCard(
  { template, t, ctx, storeNames, canManage }: {
    template: TemplateView;
    t: CouponText;
    ctx: PluginPageContext;
    storeNames: Map<string, string>;
    canManage: boolean;
  },
) {
  const titleId = `coupon-${template.id}-title`;
  const paused = template.status === "paused";
  return (
    <article class="card" aria-labelledby={titleId}>
      <div class="card-head">
        <h3 id={titleId}>{template.title}</h3>
        <span class="badge muted">{t(`kind.${template.kind}`)}</span>
        <span class={paused ? "badge warn" : "badge ok"}>{t(`status.${template.status}`)}</span>
      </div>
      <TemplateFacts template={template} t={t} ctx={ctx} storeNames={storeNames} />
      <p>{t("templates.stats", { ...template.stats })}</p>
      <p>
        <a href={`${COUPONS_PATH}/templates/${template.id}`}>{t("templates.open")}</a>
      </p>
      {canManage
        ? (
          <Island
            name="ApiForm"
            props={{
              locale: ctx.locale,
              id: `coupon-${template.id}-${paused ? "resume" : "pause"}`,
              action: `${API}/templates/${template.id}/${paused ? "resume" : "pause"}`,
              fields: [],
              submitLabel: paused ? t("templates.resume") : t("templates.pause"),
              done: { reload: true },
            }}
          />
        )
        : null}
    </article>
  );
}

function createFields(t: CouponText, storeNames: Map<string, string> | undefined): ApiFormField[] {
  const number = (name: string, hint?: boolean): ApiFormField => ({
    kind: "number",
    name,
    label: t(`create.${name}` as "create.amountOffFen"),
    hint: hint ? t(`create.${name}Hint` as "create.amountOffFenHint") : undefined,
  });
  return [
    { kind: "text", name: "title", label: t("create.name"), hint: t("create.nameHint"), required: true, maxLength: 60 },
    { kind: "text", name: "description", label: t("create.description"), multiline: true, maxLength: 500 },
    {
      kind: "choice",
      name: "kind",
      label: t("create.kind"),
      required: true,
      options: (["amount", "percent", "gift", "parking"] as const).map((kind) => ({
        value: kind,
        label: t(`kind.${kind}`),
      })),
    },
    number("amountOffFen", true),
    number("percentOff", true),
    number("maxDiscountFen", true),
    {
      kind: "text",
      name: "giftDescription",
      label: t("create.giftDescription"),
      hint: t("create.giftDescriptionHint"),
    },
    number("freeMinutes", true),
    number("minSpendFen", true),
    { kind: "datetime", name: "validFrom", label: t("create.validFrom") },
    { kind: "datetime", name: "validUntil", label: t("create.validUntil"), hint: t("create.validUntilHint") },
    number("validDays"),
    number("totalLimit"),
    number("perMemberLimit"),
    number("pointsCost", true),
    { kind: "checkbox", name: "claimable", label: t("create.claimable") },
    ...(storeNames?.size
      ? [{
        kind: "choice" as const,
        name: "storeIds",
        label: t("create.storeIds"),
        placeholder: t("templates.allStores"),
        options: [...storeNames].map(([value, label]) => ({ value, label })),
      }]
      : []),
  ];
}

export const templatesPage: PluginPage = {
  path: COUPONS_PATH,
  access: { permission: "membership:coupons-read" },
  render: async (ctx) => {
    const t = messages(ctx.locale);
    const principal = signedInPrincipal(ctx);
    const isStore = principal.organisationId !== undefined;
    const canManage = principal.permissions.has("membership:coupons-manage");
    const [templates, storeNames] = await Promise.all([
      ctx.api.data<{ items: TemplateView[] }>(`${API}/templates`),
      storeNamesOf(ctx),
    ]);
    return {
      title: t("templates.title"),
      body: (
        <>
          <h1>{t("templates.title")}</h1>
          <p class="lead">{isStore ? t("templates.storeLead") : t("templates.lead")}</p>
          <section aria-labelledby="coupon-templates-title">
            <h2 id="coupon-templates-title">{t("templates.list")}</h2>
            {templates.items.length
              ? (
                <div class="card-list">
                  {templates.items.map((template) => (
                    <TemplateCard
                      key={template.id}
                      template={template}
                      t={t}
                      ctx={ctx}
                      storeNames={storeNames}
                      canManage={canManage}
                    />
                  ))}
                </div>
              )
              : <p class="empty">{t("templates.none")}</p>}
          </section>
          {canManage
            ? (
              <section aria-labelledby="coupon-create-title" class="panel">
                <h2 id="coupon-create-title">{t("create.title")}</h2>
                <Island
                  name="ApiForm"
                  props={{
                    locale: ctx.locale,
                    id: "coupon-create",
                    action: `${API}/templates`,
                    fields: createFields(t, isStore ? undefined : storeNames),
                    submitLabel: t("create.submit"),
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
