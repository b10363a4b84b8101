/**
 * One coupon template, `/console/plugins/membership/coupons/templates/:templateId`: its counts and recent
 * redemptions and, for the operator's people who issue, a push to a segment (with its batches) and a grant to one
 * member by card number.
 */
import type { z } from "@hono/zod-openapi";
import {
  type ApiFormField,
  formatDateTime,
  Island,
  type PluginPage,
  type PluginPageContext,
  signedInPrincipal,
} from "../../../platform/sdk.ts";
import type { Batch, Redemption } from "./api-schemas.ts";
import { type CouponText, messages } from "./messages.ts";
import { RedemptionTable } from "./pages-redemptions.tsx";
import { API, COUPONS_PATH, storeNamesOf, TemplateFacts, type TemplateView } from "./pages-templates.tsx";

const STAT_KEYS = ["issued", "redeemed", "active", "expired", "void"] as const;

async function segmentField(ctx: PluginPageContext, t: CouponText): Promise<ApiFormField> {
  const segments = await ctx.api.get<{ items: { id: string; name: string; members: number }[] }>(
    "/api/v1/plugins/membership/segments",
  );
  if (!segments.ok) return { kind: "text", name: "segmentId", label: t("template.segmentId"), required: true };
  return {
    kind: "choice",
    name: "segmentId",
    label: t("template.segment"),
    required: true,
    options: segments.data.items.map((s) => ({
      value: s.id,
      label: t("template.segmentOption", { name: s.name, members: s.members }),
    })),
  };
}

async function IssueSections(
  { ctx, t, template }: { ctx: PluginPageContext; t: CouponText; template: TemplateView },
) {
  const base = `${API}/templates/${template.id}`;
  const [batches, segment] = await Promise.all([
    ctx.api.data<{ items: z.infer<typeof Batch>[] }>(`${base}/issues`),
    segmentField(ctx, t),
  ]);
  const reference = `G-${crypto.randomUUID().slice(0, 8).toUpperCase()}`;
  return (
    <>
      <section class="panel" aria-labelledby="coupon-push-title">
        <h2 id="coupon-push-title">{t("template.push")}</h2>
        <p class="hint">{t("template.pushLead")}</p>
        <Island
          name="ApiForm"
          props={{
            locale: ctx.locale,
            id: "coupon-push",
            action: `${base}/issues`,
            fields: [segment],
            submitLabel: t("template.pushSubmit"),
            done: { message: t("template.pushDone") },
          }}
        />
        <h3>{t("template.batches")}</h3>
        {batches.items.length
          ? (
            <ul>
              {batches.items.map((batch) => (
                <li key={batch.id}>
                  {t("template.batchLine", {
                    at: formatDateTime(ctx.locale, batch.createdAt),
                    status: t(`batch.${batch.status}`),
                    total: batch.membersTotal ?? "—",
                    issued: batch.issued,
                    skipped: batch.skipped,
                  })}
                </li>
              ))}
            </ul>
          )
          : <p class="empty">{t("template.noBatches")}</p>}
      </section>
      <section class="panel" aria-labelledby="coupon-grant-title">
        <h2 id="coupon-grant-title">{t("template.grant")}</h2>
        <p class="hint">{t("template.grantLead")}</p>
        <Island
          name="ApiForm"
          props={{
            locale: ctx.locale,
            id: "coupon-grant",
            action: `${base}/grants`,
            fields: [
              { kind: "text", name: "memberNo", label: t("template.memberNo"), required: true, maxLength: 16 },
              {
                kind: "choice",
                name: "source",
                label: t("template.source"),
                required: true,
                options: [
                  { value: "survey", label: t("source.survey") },
                  { value: "manual", label: t("source.manual") },
                ],
              },
              {
                kind: "text",
                name: "reference",
                label: t("template.reference"),
                hint: t("template.referenceHint"),
                required: true,
                maxLength: 100,
                value: reference,
              },
            ],
            submitLabel: t("template.grantSubmit"),
            done: { reload: true },
          }}
        />
      </section>
    </>
  );
}

export const templatePage: PluginPage = {
  path: `${COUPONS_PATH}/templates/:templateId`,
  access: { permission: "membership:coupons-read" },
  render: async (ctx) => {
    const t = messages(ctx.locale);
    const principal = signedInPrincipal(ctx);
    const id = encodeURIComponent(ctx.c.req.param("templateId") ?? "");
    const [template, redemptions, storeNames] = await Promise.all([
      ctx.api.data<TemplateView>(`${API}/templates/${id}`),
      ctx.api.data<{ items: z.infer<typeof Redemption>[] }>(`${API}/redemptions?templateId=${id}&limit=20`),
      storeNamesOf(ctx),
    ]);
    const issuing = principal.permissions.has("membership:coupons-issue")
      ? await IssueSections({ ctx, t, template })
      : null;
    return {
      title: template.title,
      body: (
        <>
          <p>
            <a href={COUPONS_PATH}>{t("template.back")}</a>
          </p>
          <div class="card-head">
            <h1>{template.title}</h1>
            <span class="badge muted">{t(`kind.${template.kind}`)}</span>
            <span class={template.status === "paused" ? "badge warn" : "badge ok"}>
              {t(`status.${template.status}`)}
            </span>
          </div>
          {template.description ? <p class="lead">{template.description}</p> : null}
          <TemplateFacts template={template} t={t} ctx={ctx} storeNames={storeNames} />
          <section aria-labelledby="coupon-stats-title">
            <h2 id="coupon-stats-title">{t("template.stats")}</h2>
            <dl class="facts">
              {STAT_KEYS.flatMap((key) => [
                <dt key={`${key}-label`}>{t(`template.${key}`)}</dt>,
                <dd key={`${key}-value`}>{template.stats[key]}</dd>,
              ])}
            </dl>
          </section>
          {issuing}
          <section aria-labelledby="coupon-recent-title">
            <h2 id="coupon-recent-title">{t("template.recent")}</h2>
            <RedemptionTable items={redemptions.items} t={t} locale={ctx.locale} storeNames={storeNames} />
          </section>
        </>
      ),
    };
  },
};
