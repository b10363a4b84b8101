/** The survey API: operators create surveys and read results; consumers answer on the district's public page. */
import { z } from "@hono/zod-openapi";
import { guardedRoute, pluginContextOf, type PluginRouter, problem, ProblemError } from "../../platform/sdk.ts";
import type { SatisfactionConfig } from "./config.ts";
import { belowTarget } from "./events.ts";
import type { SatisfactionTables } from "./schema.ts";
import { addResponse, createSurvey, findOpenSurvey, listSurveys, surveyResults } from "./surveys.ts";

const Results = z.object({
  byRating: z.record(z.string(), z.number()),
  total: z.number().int(),
  rate: z.number().nullable().describe("(satisfied + basically satisfied) / answers, in %"),
  meetsTarget: z.boolean().nullable(),
});
const Survey = z.object({
  id: z.string().uuid(),
  title: z.string(),
  storeId: z.string().uuid().nullable(),
  status: z.enum(["open", "closed"]),
  closesAt: z.string().nullable(),
  createdAt: z.string(),
  results: Results,
}).openapi("SatisfactionSurvey");
const ctx = (c: Parameters<typeof pluginContextOf>[0]) => pluginContextOf<SatisfactionConfig, SatisfactionTables>(c);

export function satisfactionRoutes(router: PluginRouter): void {
  router.openapi(
    guardedRoute({ permission: "satisfaction:read" }, {
      method: "get",
      path: "/surveys",
      tags: ["Plugin: satisfaction"],
      summary: "Surveys of the district with their satisfaction rates",
      responses: {
        200: {
          description: "Surveys",
          content: {
            "application/json": {
              schema: z.object({
                items: z.array(Survey),
                targetPercent: z.number().describe("the district's target rate, in %"),
              }),
            },
          },
        },
      },
    }),
    async (c) => {
      const plugin = ctx(c);
      const targetPercent = plugin.config.targetPercent;
      const items = await plugin.withTenant((tx) => listSurveys(tx, targetPercent));
      return c.json({ items, targetPercent }, 200);
    },
  );

  router.openapi(
    guardedRoute({ permission: "satisfaction:manage" }, {
      method: "post",
      path: "/surveys",
      tags: ["Plugin: satisfaction"],
      summary: "Open a survey for the district or one store",
      request: {
        body: {
          content: {
            "application/json": {
              schema: z.object({
                title: z.string().trim().min(2, "give the survey a title").max(100),
                storeId: z.string().uuid().optional(),
                closesAt: z.string().datetime({ offset: true }).optional(),
              }),
            },
          },
        },
      },
      responses: {
        201: {
          description: "Opened",
          content: { "application/json": { schema: z.object({ id: z.string().uuid() }) } },
        },
        422: { description: "Invalid fields", content: problem },
      },
    }),
    async (c) => {
      const plugin = ctx(c);
      const body = c.req.valid("json");
      const id = await plugin.withTenant(async (tx) => {
        if (body.storeId) {
          const store = await tx.selectFrom("core.organisations").select("id").where("id", "=", body.storeId)
            .where("kind", "=", "store").executeTakeFirst();
          if (!store) throw new ProblemError(422, "no such store", [{ field: "storeId", message: "no such store" }]);
        }
        const id = await createSurvey(tx, plugin.tenantId, { ...body, createdBy: plugin.actor });
        await plugin.audit.append(tx, {
          action: "satisfaction.survey-open",
          target: `survey:${id}`,
          details: { title: body.title },
        });
        return id;
      });
      return c.json({ id }, 201);
    },
  );

  router.openapi(
    guardedRoute("public", {
      method: "get",
      path: "/public/{district}/surveys/{id}",
      tags: ["Plugin: satisfaction"],
      summary: "A survey as consumers see it (public)",
      request: { params: z.object({ district: z.string(), id: z.string().uuid() }) },
      responses: {
        200: {
          description: "The survey",
          content: {
            "application/json": { schema: z.object({ id: z.string(), title: z.string(), open: z.boolean() }) },
          },
        },
        404: { description: "No such survey", content: problem },
      },
    }),
    async (c) => {
      const plugin = ctx(c);
      const survey = await plugin.withTenant((tx) => findOpenSurvey(tx, c.req.valid("param").id));
      if (!survey) throw new ProblemError(404, "There is no such survey.");
      const open = survey.status === "open" && (!survey.closes_at || survey.closes_at.getTime() > Date.now());
      return c.json({ id: survey.id, title: survey.title, open }, 200);
    },
  );

  router.openapi(
    guardedRoute("public", {
      method: "post",
      path: "/public/{district}/surveys/{id}/responses",
      tags: ["Plugin: satisfaction"],
      summary: "Answer a survey (public, no sign-in)",
      request: {
        params: z.object({ district: z.string(), id: z.string().uuid() }),
        body: {
          content: {
            "application/json": {
              schema: z.object({
                rating: z.number().int().min(1, "rate from 1 to 5").max(5, "rate from 1 to 5"),
                comment: z.string().trim().max(500).optional(),
              }),
            },
          },
        },
      },
      responses: {
        201: {
          description: "Recorded",
          content: { "application/json": { schema: z.object({ recorded: z.boolean() }) } },
        },
        404: { description: "No such survey", content: problem },
        409: { description: "The survey is closed", content: problem },
      },
    }),
    async (c) => {
      const plugin = ctx(c);
      const surveyId = c.req.valid("param").id;
      const { rating, comment } = c.req.valid("json");
      await plugin.withTenant(async (tx) => {
        const survey = await findOpenSurvey(tx, surveyId);
        if (!survey) throw new ProblemError(404, "There is no such survey.");
        if (survey.status !== "open" || (survey.closes_at && survey.closes_at.getTime() <= Date.now())) {
          throw new ProblemError(409, "This survey is closed.");
        }
        await addResponse(tx, plugin.tenantId, surveyId, rating, comment);
        const results = await surveyResults(tx, surveyId, plugin.config.targetPercent);
        // Announce the answer that takes the rate below target, not every answer while it stays below.
        const satisfiedNow = results.byRating[5] + results.byRating[4] + results.byRating[3];
        const before = results.total - 1;
        const satisfiedBefore = satisfiedNow - (rating >= 3 ? 1 : 0);
        const wasMeeting = before === 0 || (satisfiedBefore / before) * 100 >= plugin.config.targetPercent;
        if (results.meetsTarget === false && wasMeeting) {
          await plugin.events.publish(tx, belowTarget, {
            surveyId,
            rate: results.rate!,
            targetPercent: plugin.config.targetPercent,
            responses: results.total,
          });
        }
      });
      return c.json({ recorded: true }, 201);
    },
  );
}
