/** `/console/bureau`: the commerce bureau's districts with their aggregate counts (never personal data). */
import { bilingual } from "../i18n/translate.ts";
import type { UiPage } from "../page.ts";

interface BureauDistrict {
  id: string;
  slug: string;
  nameZh: string;
  nameEn: string;
  city: string;
  plan: string;
  stores: number;
  pendingApplications: number;
}

export const bureauPage: UiPage = {
  path: "/console/bureau",
  access: { permission: "bureau:districts", tenant: false },
  nav: { label: "nav.bureau", description: "nav.bureauText", order: 50 },
  render: async (ctx) => {
    const { t, locale } = ctx;
    const { items } = await ctx.api.data<{ items: BureauDistrict[] }>("/api/v1/bureau/districts");
    return {
      title: t("bureau.title"),
      body: (
        <>
          <h1>{t("bureau.title")}</h1>
          <p class="lead">{t("bureau.lead")}</p>
          {items.length
            ? (
              <table class="cards">
                <thead>
                  <tr>
                    <th scope="col">{t("bureau.district")}</th>
                    <th scope="col">{t("bureau.city")}</th>
                    <th scope="col">{t("bureau.plan")}</th>
                    <th scope="col" class="number">{t("bureau.stores")}</th>
                    <th scope="col" class="number">{t("bureau.pending")}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((d) => (
                    <tr key={d.id}>
                      <td data-label={t("bureau.district")}>{bilingual(locale, { zh: d.nameZh, en: d.nameEn })}</td>
                      <td data-label={t("bureau.city")}>{d.city}</td>
                      <td data-label={t("bureau.plan")}>{d.plan}</td>
                      <td data-label={t("bureau.stores")} class="number">{d.stores}</td>
                      <td data-label={t("bureau.pending")} class="number">{d.pendingApplications}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
            : <p class="empty">{t("bureau.none")}</p>}
        </>
      ),
    };
  },
};
