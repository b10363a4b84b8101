/**
 * Store self-registration: `/register` lists the districts taking applications, `/register/<slug>` is the
 * application form of one district (public onboarding API).
 */
import { bilingual } from "../i18n/translate.ts";
import { Island } from "../island.tsx";
import type { PageContext, UiPage } from "../page.ts";
import { notFoundView } from "./status-views.tsx";
import { CATEGORIES } from "./store-facts.tsx";

interface PublicDistrict {
  slug: string;
  nameZh: string;
  nameEn: string;
  city: string;
}

function publicDistricts(ctx: PageContext): Promise<PublicDistrict[]> {
  return ctx.api.data<PublicDistrict[]>("/api/v1/public/districts");
}

export const registerPage: UiPage = {
  path: "/register",
  access: "public",
  render: async (ctx) => {
    const { t, locale } = ctx;
    const districts = await publicDistricts(ctx);
    return {
      title: t("register.title"),
      narrow: true,
      body: (
        <section>
          <h1>{t("register.title")}</h1>
          <p class="lead">{t("register.lead")}</p>
          <h2>{t("register.chooseDistrict")}</h2>
          {districts.length
            ? (
              <ul class="tiles">
                {districts.map((d) => (
                  <li key={d.slug}>
                    <a class="tile" href={`/register/${encodeURIComponent(d.slug)}`}>
                      <strong>{bilingual(locale, { zh: d.nameZh, en: d.nameEn })}</strong>
                      <span>{d.city}</span>
                    </a>
                  </li>
                ))}
              </ul>
            )
            : <p class="empty">{t("register.noDistricts")}</p>}
        </section>
      ),
    };
  },
};

export const registerDistrictPage: UiPage = {
  path: "/register/:slug",
  access: "public",
  render: async (ctx) => {
    const { c, t, locale } = ctx;
    const slug = c.req.param("slug") ?? "";
    const district = (await publicDistricts(ctx)).find((d) => d.slug === slug);
    if (!district) return notFoundView(ctx, t("register.unknownDistrict"));
    const name = bilingual(locale, { zh: district.nameZh, en: district.nameEn });
    return {
      title: `${t("register.formTitle")} · ${name}`,
      narrow: true,
      body: (
        <section>
          <p class="breadcrumb">
            <a href="/register">{t("register.title")}</a>
          </p>
          <h1>{t("register.formTitle")}</h1>
          <p class="lead">{t("register.formLead", { district: name })}</p>
          <Island name="StoreApplicationForm" props={{ locale, districtSlug: district.slug, categories: CATEGORIES }} />
        </section>
      ),
    };
  },
};
