/** `/console/api-keys`: keys for the district's (or the store's) systems. */
import { Island } from "../island.tsx";
import type { ApiKeyRow } from "../islands/api-keys-manager.tsx";
import { signedInPrincipal, type UiPage } from "../page.ts";
import type { StoreView } from "./store-facts.tsx";

export const apiKeysPage: UiPage = {
  path: "/console/api-keys",
  access: { permission: "api-keys:manage" },
  nav: { label: "nav.apiKeys", description: "nav.apiKeysText", order: 40 },
  render: async (ctx) => {
    const { t, locale } = ctx;
    const principal = signedInPrincipal(ctx);
    const [keys, stores] = await Promise.all([
      ctx.api.data<{ items: ApiKeyRow[]; grantable: { permission: string; description: string }[] }>(
        "/api/v1/api-keys",
      ),
      ctx.api.get<{ items: StoreView[] }>("/api/v1/stores"),
    ]);
    return {
      title: t("apiKeys.title"),
      body: (
        <>
          <h1>{t("apiKeys.title")}</h1>
          <p class="lead">{t("apiKeys.lead")}</p>
          <Island
            name="ApiKeysManager"
            props={{
              locale,
              keys: keys.items,
              permissions: keys.grantable,
              stores: stores.ok ? stores.data.items.map((s) => ({ id: s.id, name: s.name })) : [],
              chooseStore: !principal.organisationId,
            }}
          />
        </>
      ),
    };
  },
};
