/**
 * The till's page, `/console/plugins/membership/coupons/redeem`: scan (a scanner types the code and Enter) or type
 * a code, see what it gives and whether it can be used here, then redeem it; after redeeming, the same page shows
 * the result — the discount, what to pay, the gift to hand over — and, for a short while, a button to undo it.
 * Checking is a plain GET form (no script needed); redeeming and undoing are the core's ApiForm.
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
import type { CodeCheck } from "./api-schemas.ts";
import { valueText, yuan } from "./describe.ts";
import { type CouponText, messages } from "./messages.ts";
import { API, COUPONS_PATH, storeNamesOf } from "./pages-templates.tsx";

export const REDEEM_PATH = `${COUPONS_PATH}/redeem`;

type Check = z.infer<typeof CodeCheck>;

function CheckForm(
  { t, code, storeId, storeNames }: {
    t: CouponText;
    code: string;
    storeId: string;
    storeNames?: Map<string, string>;
  },
) {
  return (
    <form method="get" action={REDEEM_PATH} class="stack">
      <div class="field">
        <div class="label-row">
          <label for="coupon-code">{t("redeem.code")}</label>
          <span class="required" aria-hidden="true">*</span>
        </div>
        <input
          id="coupon-code"
          name="code"
          type="text"
          required
          maxLength={40}
          value={code}
          autoComplete="off"
          autoFocus
          spellcheck={false}
        />
      </div>
      {storeNames
        ? (
          <div class="field">
            <div class="label-row">
              <label for="coupon-store">{t("redeem.store")}</label>
              <span class="required" aria-hidden="true">*</span>
            </div>
            <select id="coupon-store" name="storeId" required>
              {[...storeNames].map(([id, name]) => <option key={id} value={id} selected={id === storeId}>{name}
              </option>)}
            </select>
          </div>
        )
        : null}
      <button type="submit" class="primary">{t("redeem.check")}</button>
    </form>
  );
}

function Outcome({ ctx, t, check }: { ctx: PluginPageContext; t: CouponText; check: Check }) {
  const redemption = check.redemption;
  if (!redemption) return null;
  const payable = redemption.amountFen === null ? null : redemption.amountFen - redemption.discountFen;
  return (
    <div class="notice" role="status">
      <p>{t("redeem.already", { at: formatDateTime(ctx.locale, redemption.redeemedAt) })}</p>
      {check.kind === "gift" && check.giftDescription
        ? <p class="big-number">{t("redeem.gift", { gift: check.giftDescription })}</p>
        : <p class="big-number">{t("redeem.discount", { amount: yuan(redemption.discountFen) })}</p>}
      {payable !== null ? <p>{t("redeem.payable", { amount: yuan(payable) })}</p> : null}
      {check.undoUntil
        ? (
          <>
            <Island
              name="ApiForm"
              props={{
                locale: ctx.locale,
                id: "coupon-undo",
                action: `${API}/redemptions/${redemption.id}/undo`,
                fields: [],
                submitLabel: t("redeem.undo"),
                done: { reload: true },
              }}
            />
            <p class="hint">{formatDateTime(ctx.locale, check.undoUntil)}</p>
          </>
        )
        : null}
    </div>
  );
}

function CheckResult(
  { ctx, t, check, store }: {
    ctx: PluginPageContext;
    t: CouponText;
    check: Check;
    /** The operator's chosen store (store users redeem at their own). */
    store?: { id: string; name: string };
  },
) {
  const fields: ApiFormField[] = [
    { kind: "text", name: "code", label: t("redeem.code"), required: true, maxLength: 40, value: check.code },
    { kind: "number", name: "amountFen", label: t("redeem.amountFen"), hint: t("redeem.amountFenHint") },
    { kind: "text", name: "receiptId", label: t("redeem.receiptId"), maxLength: 100 },
  ];
  if (store) {
    fields.push({
      kind: "choice",
      name: "storeId",
      label: t("redeem.store"),
      required: true,
      options: [{ value: store.id, label: store.name }],
    });
  }
  return (
    <article class="card" aria-labelledby="coupon-check-title">
      <div class="card-head">
        <h2 id="coupon-check-title">{check.title}</h2>
        <span class={check.usable ? "badge ok" : "badge warn"}>
          {check.usable ? t("redeem.usable") : t(`coupon.${check.status}`)}
        </span>
      </div>
      <dl class="facts">
        <dt>{t("redeem.code")}</dt>
        <dd>
          <code>{check.code}</code>
        </dd>
        <dt>{t("templates.value")}</dt>
        <dd>{valueText(t, check)}</dd>
        <dt>{t("templates.validity")}</dt>
        <dd>
          {t("validity.window", {
            from: formatDateTime(ctx.locale, check.validFrom),
            until: formatDateTime(ctx.locale, check.validUntil),
          })}
        </dd>
      </dl>
      {check.refusal ? <p class="notice warn" role="alert">{t(`redeem.refusal.${check.refusal}`)}</p> : null}
      <Outcome ctx={ctx} t={t} check={check} />
      {check.usable
        ? (
          <Island
            name="ApiForm"
            props={{
              locale: ctx.locale,
              id: "coupon-redeem",
              action: `${API}/redemptions`,
              fields,
              submitLabel: t("redeem.submit"),
              done: { reload: true },
              messages: { "409": t("redeem.409") },
            }}
          />
        )
        : null}
    </article>
  );
}

export const redeemPage: PluginPage = {
  path: REDEEM_PATH,
  access: { permission: "membership:coupons-redeem" },
  render: async (ctx) => {
    const t = messages(ctx.locale);
    const principal = signedInPrincipal(ctx);
    const isStore = principal.organisationId !== undefined;
    const code = (ctx.c.req.query("code") ?? "").trim().slice(0, 40);
    const storeNames = isStore ? undefined : await storeNamesOf(ctx);
    const storeId = isStore ? "" : ctx.c.req.query("storeId") ?? "";
    let result = null;
    if (code) {
      const query = storeId ? `?storeId=${encodeURIComponent(storeId)}` : "";
      const check = await ctx.api.get<Check>(`${API}/codes/${encodeURIComponent(code)}${query}`);
      if (check.ok) {
        const name = storeNames?.get(storeId);
        result = <CheckResult ctx={ctx} t={t} check={check.data} store={name ? { id: storeId, name } : undefined} />;
      } else if (check.status === 404 || check.status === 422) {
        result = (
          <p class="notice warn" role="alert">
            {check.status === 404 ? t("redeem.noCoupon") : t("redeem.badCode")}
          </p>
        );
      } else throw new Error(`checking a coupon code answered ${check.status}`);
    }
    return {
      title: t("redeem.title"),
      body: (
        <>
          <h1>{t("redeem.title")}</h1>
          <p class="lead">{t("redeem.lead")}</p>
          <section class="panel" aria-label={t("redeem.check")}>
            <CheckForm t={t} code={code} storeId={storeId} storeNames={storeNames} />
          </section>
          {result}
        </>
      ),
    };
  },
};
