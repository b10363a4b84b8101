/**
 * `/console`: the district (or bureau) home — who you are, your store when you work for one, and what you can
 * do here (the navigation entries you may open, with a line each).
 */
import { ROLE_NAMES } from "../../identity/permissions.ts";
import { bilingual } from "../i18n/translate.ts";
import { labelText } from "../layout.tsx";
import { type PageContext, signedInPrincipal, type UiPage } from "../page.ts";
import { StoreFacts, type StoreView } from "./store-facts.tsx";

async function ownStore(ctx: PageContext): Promise<StoreView | undefined> {
  const principal = signedInPrincipal(ctx);
  if (!principal.organisationId) return undefined;
  const stores = await ctx.api.data<{ items: StoreView[] }>("/api/v1/stores");
  return stores.items.find((store) => store.id === principal.organisationId);
}

export const consoleHomePage: UiPage = {
  path: "/console",
  access: "signed-in",
  nav: { label: "nav.home", order: 0 },
  render: async (ctx) => {
    const { t, locale } = ctx;
    const principal = signedInPrincipal(ctx);
    const district = principal.tenants.find((d) => d.id === principal.tenantId);
    const store = await ownStore(ctx);
    const tasks = ctx.nav.filter((entry) => entry.href !== "/console");
    return {
      title: district ? bilingual(locale, { zh: district.nameZh, en: district.nameEn }) : t("home.title"),
      body: (
        <>
          <h1>{district ? bilingual(locale, { zh: district.nameZh, en: district.nameEn }) : t("home.title")}</h1>
          <p class="lead">
            {principal.roles.length
              ? t("home.welcomeWithRoles", {
                name: principal.displayName,
                roles: principal.roles.map((r) => bilingual(locale, ROLE_NAMES[r])).join("、"),
              })
              : t("home.welcome", { name: principal.displayName })}
          </p>
          {store
            ? (
              <section class="panel" aria-labelledby="own-store-title">
                <h2 id="own-store-title">{t("home.yourStore")}</h2>
                <p class="store-name">{store.name}</p>
                <StoreFacts store={store} locale={locale} t={t} />
              </section>
            )
            : null}
          <section aria-labelledby="tasks-title">
            <h2 id="tasks-title">{t("home.whatYouCanDo")}</h2>
            {tasks.length
              ? (
                <ul class="tiles">
                  {tasks.map((entry) => (
                    <li key={entry.href}>
                      <a class="tile" href={entry.href}>
                        <strong>{labelText(locale, t, entry.label)}</strong>
                        {entry.description ? <span>{labelText(locale, t, entry.description)}</span> : null}
                      </a>
                    </li>
                  ))}
                </ul>
              )
              : <p class="empty">{t("home.nothingYet")}</p>}
          </section>
        </>
      ),
    };
  },
};
