/**
 * The members' own phone pages (H5, consumer frame): join or sign in by SMS code, the member card with its
 * rotating QR code (the page reloads itself before the code rotates), the profile with the marketing switch, and
 * the district's stores. Server-rendered from the member's routes with the member's cookie; forms are ApiForm.
 */
import {
  type ApiFormField,
  formatDateTime,
  Island,
  type PluginPage,
  type PluginPageContext,
} from "../../../platform/sdk.ts";
import { CARD_REFRESH_SECONDS } from "./routes-me.ts";
import { type MembersText, messages } from "./messages.ts";
import { svgDataUrl } from "./qr.ts";

interface LevelRef {
  code: string;
  name: { zh: string; en: string };
}

interface ProfileView {
  memberNo: string;
  mobile: string;
  name: string | null;
  birthday: string | null;
  level: LevelRef | null;
  joinedAt: string;
  marketingConsent: boolean;
}

interface CardView {
  memberNo: string;
  level: LevelRef | null;
  code: string;
  expiresAt: string;
  qrSvg: string;
}

interface StoresView {
  signedIn: boolean;
  items: {
    id: string;
    name: string;
    category: string | null;
    floor: string | null;
    unit: string | null;
    member: boolean;
  }[];
}

const API = "/api/v1/plugins/membership/public";

function districtOf(ctx: PluginPageContext): string {
  return encodeURIComponent(ctx.c.req.param("district") ?? "");
}

function levelName(ctx: PluginPageContext, t: MembersText, level: LevelRef | null): string {
  if (!level) return t("h5.noLevel");
  return ctx.locale === "zh-CN" ? level.name.zh : level.name.en;
}

/** The member's pages send a visitor who is not signed in to the sign-in page, and back here afterwards. */
function toSignIn(ctx: PluginPageContext): Response {
  return ctx.c.redirect(`/d/${districtOf(ctx)}/membership`, 302);
}

/** Links to the member's other pages (not to the one shown, nor to the card where a big button leads there). */
function MemberLinks(
  { ctx, t, skip }: { ctx: PluginPageContext; t: MembersText; skip: "card" | "profile" | "stores" },
) {
  const home = `/d/${districtOf(ctx)}/membership`;
  const links = [
    { page: "card", label: t("h5.openCard") },
    { page: "profile", label: t("h5.openProfile") },
    { page: "stores", label: t("h5.openStores") },
  ].filter((link) => link.page !== skip);
  return (
    <nav class="sub-nav" aria-label={t("h5.title")}>
      <ul>
        {links.map((link) => (
          <li key={link.page}>
            <a href={`${home}/${link.page}`}>{link.label}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function SignOut({ ctx, t }: { ctx: PluginPageContext; t: MembersText }) {
  return (
    <Island
      name="ApiForm"
      props={{
        locale: ctx.locale,
        id: "sign-out",
        action: `${API}/${districtOf(ctx)}/members/sign-out`,
        fields: [],
        submitLabel: t("h5.signOut"),
        done: { reload: true },
      }}
    />
  );
}

export const joinPage: PluginPage = {
  path: "/d/:district/membership",
  access: "public",
  render: async (ctx) => {
    const t = messages(ctx.locale);
    const district = districtOf(ctx);
    const me = await ctx.api.get<ProfileView>(`${API}/${district}/me`);
    if (me.ok) {
      return {
        title: t("h5.title"),
        body: (
          <section class="stack">
            <h1>{t("h5.welcome")}</h1>
            <dl class="facts">
              <dt>{t("h5.cardNo")}</dt>
              <dd class="code">{me.data.memberNo}</dd>
              <dt>{t("h5.level")}</dt>
              <dd>{levelName(ctx, t, me.data.level)}</dd>
            </dl>
            <p>
              <a class="button primary" href={`/d/${district}/membership/card`}>{t("h5.openCard")}</a>
            </p>
            <MemberLinks ctx={ctx} t={t} skip="card" />
            <SignOut ctx={ctx} t={t} />
          </section>
        ),
      };
    }
    if (me.status !== 401) throw new Error(`${API}/${district}/me answered ${me.status}`);
    // A store's own QR code carries ?store=<id>: joining there makes the person the store's member too (双会员).
    const storeId = ctx.c.req.query("store");
    const stores = storeId ? await ctx.api.get<StoresView>(`${API}/${district}/stores`) : undefined;
    const store = stores?.ok ? stores.data.items.find((s) => s.id === storeId) : undefined;
    const policy = await ctx.api.data<{ policyVersion: string }>(`${API}/${district}/members/policy`);
    const mobile: ApiFormField = {
      kind: "text",
      name: "mobile",
      label: t("h5.mobile"),
      hint: t("h5.mobileHint"),
      required: true,
      maxLength: 20,
    };
    return {
      title: t("h5.title"),
      body: (
        <section class="stack">
          <h1>{t("h5.title")}</h1>
          <p class="lead">{t("h5.lead")}</p>
          <section aria-labelledby="code-title" class="panel">
            <h2 id="code-title">{t("h5.codeTitle")}</h2>
            <Island
              name="ApiForm"
              props={{
                locale: ctx.locale,
                id: "code",
                action: `${API}/${district}/members/codes`,
                fields: [mobile],
                submitLabel: t("h5.sendCode"),
                done: { message: t("h5.codeSent") },
                messages: { "429": t("h5.tooMany"), "502": t("h5.smsFailed") },
              }}
            />
          </section>
          <section aria-labelledby="sign-in-title" class="panel">
            <h2 id="sign-in-title">{t("h5.signInTitle")}</h2>
            <Island
              name="ApiForm"
              props={{
                locale: ctx.locale,
                id: "sign-in",
                action: `${API}/${district}/members/sessions`,
                fields: [
                  mobile,
                  {
                    kind: "text",
                    name: "code",
                    label: t("h5.code"),
                    hint: t("h5.codeHint"),
                    required: true,
                    maxLength: 6,
                  },
                  ...(store
                    ? [{
                      kind: "choice" as const,
                      name: "storeId",
                      label: t("h5.joinStore"),
                      options: [{ value: store.id, label: store.name }],
                    }]
                    : []),
                  { kind: "checkbox", name: "marketingConsent", label: t("h5.consent") },
                ],
                submitLabel: t("h5.signIn"),
                done: { reload: true },
              }}
            />
            <p class="hint">{t("h5.privacy", { version: policy.policyVersion })}</p>
          </section>
        </section>
      ),
    };
  },
};

export const cardPage: PluginPage = {
  path: "/d/:district/membership/card",
  access: "public",
  render: async (ctx) => {
    const t = messages(ctx.locale);
    const card = await ctx.api.get<CardView>(`${API}/${districtOf(ctx)}/me/card`);
    if (!card.ok) {
      if (card.status === 401) return toSignIn(ctx);
      throw new Error(`the card answered ${card.status}`);
    }
    const { memberNo, code, expiresAt, qrSvg, level } = card.data;
    return {
      title: t("h5.cardTitle"),
      body: (
        <section class="stack member-card">
          {/* Reloads before the code rotates, so the code on screen is always one the till accepts. */}
          <meta http-equiv="refresh" content={String(CARD_REFRESH_SECONDS)} />
          <h1>{t("h5.cardTitle")}</h1>
          <p>
            <span class="badge ok">{levelName(ctx, t, level)}</span>
          </p>
          <img
            src={svgDataUrl(qrSvg)}
            alt={t("h5.qrAlt")}
            width={240}
            height={240}
            style={{
              display: "block",
              margin: "0 auto",
              maxWidth: "100%",
              height: "auto",
              imageRendering: "pixelated",
            }}
          />
          <p class="code" aria-label={t("h5.codeLabel")} style={{ textAlign: "center", fontSize: "1.25em" }}>
            {code.slice(0, 4)} {code.slice(4, 8)} {code.slice(8, 12)} · {code.slice(12)}
          </p>
          <p class="hint">{t("h5.cardHint")}</p>
          <p class="hint">
            {t("h5.validFor", { seconds: Math.max(0, Math.round((Date.parse(expiresAt) - Date.now()) / 1000)) })}
          </p>
          <dl class="facts">
            <dt>{t("h5.cardNo")}</dt>
            <dd class="code">{memberNo}</dd>
          </dl>
          <MemberLinks ctx={ctx} t={t} skip="card" />
        </section>
      ),
    };
  },
};

export const profilePage: PluginPage = {
  path: "/d/:district/membership/profile",
  access: "public",
  render: async (ctx) => {
    const t = messages(ctx.locale);
    const district = districtOf(ctx);
    const me = await ctx.api.get<ProfileView>(`${API}/${district}/me`);
    if (!me.ok) {
      if (me.status === 401) return toSignIn(ctx);
      throw new Error(`the profile answered ${me.status}`);
    }
    const profile = me.data;
    return {
      title: t("h5.profileTitle"),
      body: (
        <section class="stack">
          <h1>{t("h5.profileTitle")}</h1>
          <dl class="facts">
            <dt>{t("h5.cardNo")}</dt>
            <dd class="code">{profile.memberNo}</dd>
            <dt>{t("h5.mobileShown")}</dt>
            <dd>{profile.mobile}</dd>
            <dt>{t("h5.name")}</dt>
            <dd>{profile.name ?? t("h5.notGiven")}</dd>
            <dt>{t("h5.birthday")}</dt>
            <dd>{profile.birthday ?? t("h5.notGiven")}</dd>
            <dt>{t("h5.level")}</dt>
            <dd>{levelName(ctx, t, profile.level)}</dd>
            <dt>{t("h5.joinedAt")}</dt>
            <dd>{formatDateTime(ctx.locale, profile.joinedAt)}</dd>
          </dl>
          <p class="hint">{t("h5.maskedNote")}</p>
          <section aria-labelledby="edit-title" class="panel">
            <h2 id="edit-title">{t("h5.editTitle")}</h2>
            <Island
              name="ApiForm"
              props={{
                locale: ctx.locale,
                id: "profile",
                action: `${API}/${district}/me`,
                method: "PATCH",
                fields: [
                  { kind: "text", name: "name", label: t("h5.name"), hint: t("h5.nameHint"), maxLength: 40 },
                  {
                    kind: "text",
                    name: "birthday",
                    label: t("h5.birthday"),
                    hint: t("h5.birthdayHint"),
                    maxLength: 12,
                  },
                ],
                submitLabel: t("h5.save"),
                done: { reload: true },
              }}
            />
          </section>
          <section aria-labelledby="consent-title" class="panel">
            <h2 id="consent-title">{t("h5.consentTitle")}</h2>
            <p>{profile.marketingConsent ? t("h5.consentOn") : t("h5.consentOff")}</p>
            <Island
              name="ApiForm"
              props={{
                locale: ctx.locale,
                id: "consent",
                action: `${API}/${district}/me/consent`,
                fields: [{
                  kind: "checkbox",
                  name: "marketing",
                  label: t("h5.consentField"),
                  value: profile.marketingConsent,
                }],
                submitLabel: t("h5.save"),
                done: { reload: true },
              }}
            />
          </section>
          <MemberLinks ctx={ctx} t={t} skip="profile" />
          <SignOut ctx={ctx} t={t} />
        </section>
      ),
    };
  },
};

export const storesPage: PluginPage = {
  path: "/d/:district/membership/stores",
  access: "public",
  render: async (ctx) => {
    const t = messages(ctx.locale);
    const stores = await ctx.api.data<StoresView>(`${API}/${districtOf(ctx)}/stores`);
    return {
      title: t("h5.storesTitle"),
      body: (
        <section class="stack">
          <h1>{t("h5.storesTitle")}</h1>
          <p class="lead">{t("h5.storesLead")}</p>
          {stores.items.length
            ? (
              <ul class="card-list plain">
                {stores.items.map((store) => (
                  <li class="card" key={store.id}>
                    <div class="card-head">
                      <h3>{store.name}</h3>
                      {stores.signedIn
                        ? (
                          <span class={store.member ? "badge ok" : "badge muted"}>
                            {store.member ? t("h5.memberHere") : t("h5.notMemberHere")}
                          </span>
                        )
                        : null}
                    </div>
                    {store.floor || store.unit
                      ? <p class="hint">{[store.floor, store.unit].filter(Boolean).join(" · ")}</p>
                      : null}
                  </li>
                ))}
              </ul>
            )
            : <p class="empty">{t("h5.noStores")}</p>}
          {stores.signedIn ? <MemberLinks ctx={ctx} t={t} skip="stores" /> : (
            <p>
              <a href={`/d/${districtOf(ctx)}/membership`}>{t("h5.back")}</a>
            </p>
          )}
        </section>
      ),
    };
  },
};

export const memberH5Pages = [joinPage, cardPage, profilePage, storesPage];
