/** `/console/users`: the people of the district (or of one's store) and inviting more. */
import type { UserPrincipal } from "../../identity/principal.ts";
import type { TenantRole } from "../../identity/schema.ts";
import { Island } from "../island.tsx";
import type { UserRow } from "../islands/users-manager.tsx";
import { signedInPrincipal, type UiPage } from "../page.ts";
import type { StoreView } from "./store-facts.tsx";

/**
 * The roles the invitation form offers: the same rule the API enforces (platform/identity/users.ts) — district
 * admins invite anyone in the district, store owners staff their own store. The API stays the judge.
 */
function invitableRoles(principal: UserPrincipal): TenantRole[] {
  if (!principal.permissions.has("users:manage")) return [];
  if (principal.roles.includes("operator_admin")) {
    return ["operator_staff", "operator_admin", "store_owner", "store_staff"];
  }
  if (principal.roles.includes("store_owner")) return ["store_staff", "store_owner"];
  return [];
}

export const usersPage: UiPage = {
  path: "/console/users",
  access: { permission: "users:read" },
  nav: { label: "nav.users", description: "nav.usersText", order: 30 },
  render: async (ctx) => {
    const { t, locale } = ctx;
    const principal = signedInPrincipal(ctx);
    const [users, stores] = await Promise.all([
      ctx.api.data<{ items: UserRow[] }>("/api/v1/users"),
      ctx.api.get<{ items: StoreView[] }>("/api/v1/stores"),
    ]);
    return {
      title: t("users.title"),
      body: (
        <>
          <h1>{t("users.title")}</h1>
          <Island
            name="UsersManager"
            props={{
              locale,
              users: users.items,
              invitableRoles: invitableRoles(principal),
              stores: stores.ok ? stores.data.items.map((s) => ({ id: s.id, name: s.name })) : [],
              chooseStore: !principal.organisationId,
              selfId: principal.accountId,
            }}
          />
        </>
      ),
    };
  },
};
