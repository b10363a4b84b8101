/** `/console/units`: the district's units (铺位) and vacancy, and its stores' floor area and staff count. */
import { Island } from "../island.tsx";
import type { UnitRow, UnitStore, UnitsVacancy } from "../islands/units-manager.tsx";
import { signedInPrincipal, type UiPage } from "../page.ts";
import { datacenterMessages } from "./datacenter-messages.ts";

export const unitsPage: UiPage = {
  path: "/console/units",
  access: { permission: "stores:read" },
  nav: {
    label: { zh: "铺位与面积", en: "Units" },
    description: { zh: "铺位出租情况、空置率，门店营业面积与人数", en: "Units, vacancy, stores' floor area and staff" },
    order: 25,
  },
  render: async (ctx) => {
    const { locale } = ctx;
    const m = datacenterMessages(locale);
    const principal = signedInPrincipal(ctx);
    const [units, stores] = await Promise.all([
      ctx.api.data<{ units: UnitRow[]; vacancy: UnitsVacancy }>("/api/v1/district/units"),
      ctx.api.data<{ items: UnitStore[] }>("/api/v1/stores"),
    ]);
    return {
      title: m("units.title"),
      body: (
        <>
          <h1>{m("units.title")}</h1>
          <p class="lead">{m("units.lead")}</p>
          <Island
            name="UnitsManager"
            props={{
              locale,
              units: units.units,
              vacancy: units.vacancy,
              stores: stores.items.map((s) => ({
                id: s.id,
                name: s.name,
                status: s.status,
                areaM2: s.areaM2,
                staffCount: s.staffCount,
              })),
              canManage: principal.permissions.has("stores:manage"),
            }}
          />
        </>
      ),
    };
  },
};
