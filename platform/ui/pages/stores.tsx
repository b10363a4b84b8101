/** `/console/stores`: store applications to review and the district's stores. */
import { Island } from "../island.tsx";
import type { ApplicationRow, StoreRow } from "../islands/store-review.tsx";
import { signedInPrincipal, type UiPage } from "../page.ts";
import { CATEGORIES } from "./store-facts.tsx";

export const storesPage: UiPage = {
  path: "/console/stores",
  access: { permission: "stores:read" },
  nav: { label: "nav.stores", description: "nav.storesText", order: 20 },
  render: async (ctx) => {
    const { t, locale } = ctx;
    const principal = signedInPrincipal(ctx);
    const [applications, stores] = await Promise.all([
      ctx.api.data<{ items: ApplicationRow[] }>("/api/v1/store-applications?status=pending"),
      ctx.api.data<{ items: StoreRow[] }>("/api/v1/stores"),
    ]);
    return {
      title: t("stores.title"),
      body: (
        <>
          <h1>{t("stores.title")}</h1>
          <p class="lead">{t("stores.lead")}</p>
          <Island
            name="StoreReview"
            props={{
              locale,
              applications: applications.items,
              stores: stores.items,
              categories: CATEGORIES,
              canReview: principal.permissions.has("stores:review"),
            }}
          />
        </>
      ),
    };
  },
};
