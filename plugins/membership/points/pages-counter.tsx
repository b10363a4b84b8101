/**
 * `/console/plugins/membership/points/counter`, the store's till page: take a member's points in payment, and
 * award points by hand with a reason (today's total against the store's daily limit is shown). Each form carries
 * a fresh reference made when the page is drawn, so a double click or a retry takes or gives once.
 */
import { Island, type PluginPage } from "../../../platform/sdk.ts";
import { messages } from "./messages.ts";
import { API, newRequestKey, POINTS_PATH } from "./page-bits.tsx";

export const COUNTER_PATH = `${POINTS_PATH}/counter`;

export const counterPage: PluginPage = {
  path: COUNTER_PATH,
  access: { permission: "membership:points-counter" },
  render: async (ctx) => {
    const t = messages(ctx.locale);
    const quota = await ctx.api.get<{ awarded: number; limit: number }>(`${API}/awards/today`);
    if (!quota.ok) throw new Error(`today's awards answered ${quota.status}`);
    const member = { kind: "text" as const, name: "member", label: t("counter.member"), required: true, maxLength: 40 };
    return {
      title: t("counter.title"),
      body: (
        <>
          <h1>{t("counter.title")}</h1>
          <p class="lead">{t("counter.lead")}</p>
          <section class="panel" aria-labelledby="points-redeem-title">
            <h2 id="points-redeem-title">{t("counter.redeem")}</h2>
            <Island
              name="ApiForm"
              props={{
                locale: ctx.locale,
                id: "points-redeem",
                action: `${API}/redemptions`,
                fields: [
                  member,
                  { kind: "number", name: "points", label: t("counter.points"), required: true },
                  { kind: "text", name: "note", label: t("counter.note"), maxLength: 200 },
                  {
                    kind: "text",
                    name: "idempotencyKey",
                    label: t("counter.key"),
                    hint: t("counter.keyHint"),
                    required: true,
                    maxLength: 100,
                    value: newRequestKey("redeem"),
                  },
                ],
                submitLabel: t("counter.redeemSubmit"),
                done: { message: t("counter.redeemed") },
                messages: { "409": t("counter.tooLow"), "403": t("counter.notIn") },
              }}
            />
          </section>
          <section class="panel" aria-labelledby="points-award-title">
            <h2 id="points-award-title">{t("counter.award")}</h2>
            <p class="hint">{t("counter.quota", { awarded: quota.data.awarded, limit: quota.data.limit })}</p>
            <Island
              name="ApiForm"
              props={{
                locale: ctx.locale,
                id: "points-award",
                action: `${API}/awards`,
                fields: [
                  member,
                  { kind: "number", name: "points", label: t("counter.points"), required: true },
                  {
                    kind: "text",
                    name: "reason",
                    label: t("counter.reason"),
                    hint: t("counter.reasonHint"),
                    required: true,
                    maxLength: 200,
                  },
                  {
                    kind: "text",
                    name: "idempotencyKey",
                    label: t("counter.key"),
                    hint: t("counter.keyHint"),
                    required: true,
                    maxLength: 100,
                    value: newRequestKey("award"),
                  },
                ],
                submitLabel: t("counter.awardSubmit"),
                done: { message: t("counter.awarded") },
                messages: { "403": t("counter.notIn") },
              }}
            />
          </section>
        </>
      ),
    };
  },
};
