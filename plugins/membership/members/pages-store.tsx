/**
 * The store's page of its members (双会员): store users see their own store's members, operators pick a store.
 * Mobile numbers come masked from the API.
 */
import { formatDateTime, type PluginPage, signedInPrincipal } from "../../../platform/sdk.ts";
import { P } from "./grants.ts";
import { messages } from "./messages.ts";
import { levelLabel } from "./pages-members.tsx";

const API = "/api/v1/plugins/membership";
const PAGE = "/console/plugins/membership/store-members";

interface StoreMembers {
  storeId: string;
  items: {
    id: string;
    memberNo: string;
    mobile: string;
    level: { id: string; code: string; name: { zh: string; en: string } } | null;
    via: "signup" | "sale" | "manual";
    joinedAt: string;
  }[];
  total: number;
  page: number;
  pageSize: number;
}

export const storeMembersPage: PluginPage = {
  path: PAGE,
  access: { permission: P.storeMembers },
  render: async (ctx) => {
    const t = messages(ctx.locale);
    const principal = signedInPrincipal(ctx);
    const isStore = principal.organisationId !== undefined;
    const chosen = ctx.c.req.query("storeId");
    const stores = isStore
      ? []
      : (await ctx.api.data<{ items: { id: string; name: string }[] }>("/api/v1/stores")).items;
    const page = Number(ctx.c.req.query("page") ?? "1") || 1;
    const target = isStore ? "" : chosen ?? stores[0]?.id;
    const list = isStore || target
      ? await ctx.api.data<StoreMembers>(
        `${API}/stores/mine/members?page=${page}${target ? `&storeId=${encodeURIComponent(target)}` : ""}`,
      )
      : undefined;
    return {
      title: t("store.title"),
      body: (
        <>
          <h1>{t("store.title")}</h1>
          <p class="lead">{t("store.lead")}</p>
          {isStore ? null : (
            <form method="get" action={PAGE} class="stack panel">
              <div class="field">
                <label for="store-choice">{t("store.choose")}</label>
                <select id="store-choice" name="storeId">
                  {stores.map((store) => (
                    <option key={store.id} value={store.id} selected={store.id === target}>{store.name}</option>
                  ))}
                </select>
              </div>
              <button type="submit" class="button">{t("store.show")}</button>
            </form>
          )}
          {!list || list.items.length === 0
            ? <p class="empty">{t("store.none")}</p>
            : (
              <section aria-labelledby="store-members-found">
                <h2 id="store-members-found">{t("members.found", { total: list.total })}</h2>
                <table class="cards">
                  <thead>
                    <tr>
                      <th>{t("members.memberNo")}</th>
                      <th>{t("members.mobile")}</th>
                      <th>{t("members.level")}</th>
                      <th>{t("store.via")}</th>
                      <th>{t("members.joinedAt")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.items.map((member) => (
                      <tr key={member.id}>
                        <td data-label={t("members.memberNo")} class="code">{member.memberNo}</td>
                        <td data-label={t("members.mobile")}>{member.mobile}</td>
                        <td data-label={t("members.level")}>{levelLabel(ctx, member.level)}</td>
                        <td data-label={t("store.via")}>{t(`member.via.${member.via}`)}</td>
                        <td data-label={t("members.joinedAt")}>{formatDateTime(ctx.locale, member.joinedAt)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {list.total > list.page * list.pageSize
                  ? (
                    <p>
                      <a
                        href={`${PAGE}?page=${list.page + 1}${target ? `&storeId=${encodeURIComponent(target)}` : ""}`}
                      >
                        {t("members.next")}
                      </a>
                    </p>
                  )
                  : null}
              </section>
            )}
        </>
      ),
    };
  },
};
