/**
 * Satisfaction surveys (满意度调查), as the Xuzhou standard asks (§8): consumers rate the district or a store,
 * the rate is (satisfied + basically satisfied) / answers, and the target is at least 85 %. An example of every
 * part of a plugin: its own schema, routes, a scheduled job, an event it publishes and one it handles, and pages —
 * the operators' survey page in the console and the consumers' answer page (H5).
 */
import { z } from "zod";
import { definePlugin, onEvent, type PluginContext, pluginJob, storeApproved } from "../../platform/sdk.ts";
import { type SatisfactionConfig, satisfactionConfig } from "./config.ts";
import { belowTarget } from "./events.ts";
import { answerPage, surveysPage } from "./pages.tsx";
import { satisfactionRoutes } from "./routes.ts";
import type { SatisfactionTables } from "./schema.ts";
import { createSurvey } from "./surveys.ts";

type Ctx = PluginContext<SatisfactionConfig, SatisfactionTables>;

export default definePlugin<SatisfactionConfig, SatisfactionTables>({
  id: "satisfaction",
  name: { zh: "满意度调查", en: "Satisfaction surveys" },
  description: {
    zh: "消费者对商圈和门店的满意度调查，满意度 =（满意 + 基本满意）/ 调查总数，目标 ≥ 85%",
    en:
      "Consumer satisfaction surveys of the district and its stores; rate = (satisfied + basically satisfied) / answers",
  },
  version: "1.0.0",
  core: "^0.1.0",
  capabilities: ["events:publish", "audit:write"],
  grants: {
    "satisfaction:read": { description: "see surveys and their results", roles: ["operator_admin", "operator_staff"] },
    "satisfaction:manage": { description: "open and close surveys", roles: ["operator_admin"] },
  },
  config: satisfactionConfig,
  migrations: new URL("./migrations/", import.meta.url),
  routes: satisfactionRoutes,
  events: [belowTarget],
  jobs: [pluginJob({
    name: "close-expired",
    input: z.object({}),
    async run(ctx: Ctx) {
      const closed = await ctx.withTenant((tx) =>
        tx.updateTable("plugin_satisfaction.surveys").set({ status: "closed" })
          .where("status", "=", "open").where("closes_at", "<=", new Date()).executeTakeFirst()
      );
      return { closed: Number(closed.numUpdatedRows) };
    },
  })],
  schedules: [{ job: "close-expired", cron: "5 * * * *" }],
  handlers: [onEvent(
    storeApproved,
    "survey-new-store",
    async (ctx: Ctx, event) => {
      if (!ctx.config.surveyNewStores) return;
      await ctx.withTenant(async (tx) => {
        // Idempotent: a redelivered event finds the survey it made the first time.
        const existing = await tx.selectFrom("plugin_satisfaction.surveys").select("id")
          .where("store_id", "=", event.payload.storeId).executeTakeFirst();
        if (existing) return;
        await createSurvey(tx, ctx.tenantId, {
          title: `${event.payload.name} 顾客满意度`,
          storeId: event.payload.storeId,
          createdBy: ctx.actor,
        });
      });
    },
  )],
  nav: [{
    path: "/console/plugins/satisfaction",
    label: { zh: "满意度调查", en: "Satisfaction" },
    permission: "satisfaction:read",
  }],
  pages: [surveysPage, answerPage],
  indicators: [
    {
      table: "district",
      item: 25,
      evidence: { zh: "消费者满意度调查结果", en: "Consumer satisfaction survey results" },
    },
    {
      table: "district",
      item: 26,
      evidence: { zh: "经营者满意度调查结果", en: "Store operators' satisfaction survey results" },
    },
  ],
});
