/** `/console/privacy/retention`: how long the district keeps each kind of data, and its own periods. */
import { Island } from "../island.tsx";
import type { RetentionRow } from "../islands/retention-manager.tsx";
import { signedInPrincipal, type UiPage } from "../page.ts";
import { privacySection, sectionFrame } from "./privacy.tsx";

const SECTION = privacySection("/console/privacy/retention");

export const privacyRetentionPage: UiPage = {
  path: SECTION.path,
  access: { permission: SECTION.permission },
  render: async (ctx) => {
    const { t, locale } = ctx;
    const retention = await ctx.api.data<{ items: RetentionRow[] }>("/api/v1/privacy/retention");
    return sectionFrame(
      t,
      signedInPrincipal(ctx),
      SECTION,
      "privacy.retention.lead",
      <Island name="RetentionManager" props={{ locale, items: retention.items }} />,
    );
  },
};
