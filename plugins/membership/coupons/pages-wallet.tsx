/**
 * The member's coupon page on the phone (H5), `/d/:district/membership/coupons`: the usable coupons with their
 * codes as text and QR code (drawn on the server), the used and expired ones, and the coupons to claim or to
 * exchange for points, each with one big button. Signed out, it shows what is on offer and where to sign in.
 * Each claim button carries a fresh idempotency key in its address, so a double tap claims one coupon.
 */
import type { z } from "@hono/zod-openapi";
import { formatDateTime, Island, type PluginPage, type PluginPageContext } from "../../../platform/sdk.ts";
import { qrSvg, svgDataUrl } from "../members/qr.ts";
import type { OfferedCoupon, WalletCoupon } from "./api-schemas.ts";
import { formatCouponCode } from "./code.ts";
import { templateValidity, valueText } from "./describe.ts";
import { type CouponText, messages } from "./messages.ts";

type Wallet = {
  active: z.infer<typeof WalletCoupon>[];
  used: z.infer<typeof WalletCoupon>[];
  expired: z.infer<typeof WalletCoupon>[];
};
type Offer = z.infer<typeof OfferedCoupon>;

function where(t: CouponText, validAt: string[]): string | null {
  return validAt.length ? t("h5.storeOnly", { store: validAt.join("、") }) : null;
}

function MyCoupon(
  { coupon, t, ctx, showCode }: {
    coupon: z.infer<typeof WalletCoupon>;
    t: CouponText;
    ctx: PluginPageContext;
    showCode: boolean;
  },
) {
  const code = formatCouponCode(coupon.code);
  const place = where(t, coupon.validAt);
  return (
    <article class="card" aria-labelledby={`my-${coupon.id}`}>
      <div class="card-head">
        <h3 id={`my-${coupon.id}`}>{coupon.title}</h3>
        <span class={coupon.status === "active" ? "badge ok" : "badge muted"}>{t(`coupon.${coupon.status}`)}</span>
      </div>
      <p class="big-number">{valueText(t, coupon)}</p>
      {coupon.description ? <p>{coupon.description}</p> : null}
      {place ? <p class="hint">{place}</p> : null}
      <p class="hint">{t("h5.until", { until: formatDateTime(ctx.locale, coupon.validUntil) })}</p>
      {showCode
        ? (
          <figure class="coupon-code">
            <img
              src={svgDataUrl(qrSvg(coupon.code))}
              alt={t("h5.qr", { code })}
              width={200}
              height={200}
            />
            <figcaption>
              <code>{code}</code>
              <br />
              {t("h5.showCode")}
            </figcaption>
          </figure>
        )
        : null}
    </article>
  );
}

function OfferCard(
  { offer, t, ctx, base, signedIn }: {
    offer: Offer;
    t: CouponText;
    ctx: PluginPageContext;
    base: string;
    signedIn: boolean;
  },
) {
  const place = where(t, offer.validAt);
  const full = offer.held !== null && offer.held >= offer.perMemberLimit;
  const button = (kind: "claims" | "exchanges", label: string, done: string) => (
    <Island
      name="ApiForm"
      props={{
        locale: ctx.locale,
        id: `offer-${offer.templateId}-${kind}`,
        action: `${base}/coupons/${offer.templateId}/${kind}?idempotencyKey=${crypto.randomUUID()}`,
        fields: [],
        submitLabel: label,
        done: { message: done },
        messages: { "409": t("h5.409") },
      }}
    />
  );
  return (
    <article class="card" aria-labelledby={`offer-${offer.templateId}`}>
      <div class="card-head">
        <h3 id={`offer-${offer.templateId}`}>{offer.title}</h3>
        {offer.held !== null
          ? <span class="badge muted">{t("h5.held", { held: offer.held, limit: offer.perMemberLimit })}</span>
          : null}
      </div>
      <p class="big-number">{valueText(t, offer)}</p>
      {offer.description ? <p>{offer.description}</p> : null}
      {place ? <p class="hint">{place}</p> : null}
      <p class="hint">
        {templateValidity(t, ctx.locale, offer)}
        {offer.remaining !== null ? ` · ${t("h5.remaining", { remaining: offer.remaining })}` : null}
      </p>
      {signedIn && !full
        ? (
          <>
            {offer.claimable ? button("claims", t("h5.claim"), t("h5.claimed")) : null}
            {offer.pointsCost
              ? button("exchanges", t("h5.exchange", { points: offer.pointsCost }), t("h5.exchanged"))
              : null}
          </>
        )
        : null}
    </article>
  );
}

export const walletPage: PluginPage = {
  path: "/d/:district/membership/coupons",
  access: "public",
  render: async (ctx) => {
    const t = messages(ctx.locale);
    const district = encodeURIComponent(ctx.c.req.param("district") ?? "");
    const base = `/api/v1/plugins/membership/public/${district}`;
    const [wallet, offers] = await Promise.all([
      ctx.api.get<Wallet>(`${base}/me/coupons`),
      ctx.api.data<{ items: Offer[] }>(`${base}/coupons`),
    ]);
    if (!wallet.ok && wallet.status !== 401) throw new Error(`${base}/me/coupons answered ${wallet.status}`);
    const mine = wallet.ok ? wallet.data : undefined;
    return {
      title: t("h5.title"),
      frame: "consumer",
      body: (
        <>
          <h1>{t("h5.title")}</h1>
          {mine
            ? (
              <>
                <section aria-labelledby="my-coupons">
                  <h2 id="my-coupons">{t("h5.mine")}</h2>
                  {mine.active.length
                    ? mine.active.map((coupon) => <MyCoupon key={coupon.id} coupon={coupon} t={t} ctx={ctx} showCode />)
                    : <p class="empty">{t("h5.noneMine")}</p>}
                </section>
              </>
            )
            : (
              <p class="notice">
                {t("h5.signIn")} <a class="button primary" href={`/d/${district}/membership`}>{t("h5.signInLink")}</a>
              </p>
            )}
          <section aria-labelledby="coupon-offers">
            <h2 id="coupon-offers">{t("h5.offers")}</h2>
            {offers.items.length
              ? offers.items.map((offer) => (
                <OfferCard key={offer.templateId} offer={offer} t={t} ctx={ctx} base={base} signedIn={!!mine} />
              ))
              : <p class="empty">{t("h5.noOffers")}</p>}
          </section>
          {mine && (mine.used.length || mine.expired.length)
            ? (
              <section aria-labelledby="old-coupons">
                <h2 id="old-coupons">{t("h5.used")} · {t("h5.expired")}</h2>
                {[...mine.used, ...mine.expired].map((coupon) => (
                  <MyCoupon key={coupon.id} coupon={coupon} t={t} ctx={ctx} showCode={false} />
                ))}
              </section>
            )
            : null}
        </>
      ),
    };
  },
};
