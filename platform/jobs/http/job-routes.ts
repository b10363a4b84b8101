/** Background jobs that failed for good (every retry used), for platform administrators. */
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { guardedRoute } from "../../http/guarded-route.ts";
import { problem } from "../../http/openapi-shared.ts";
import type { AppEnv } from "../../http/request-context.ts";
import type { JobRunner } from "../runner.ts";

const FailedJob = z.object({
  id: z.string(),
  name: z.string(),
  tenantId: z.string().optional(),
  reason: z.string(),
  attempts: z.number().int(),
  failedAt: z.string(),
}).openapi("FailedJob");

export function registerJobRoutes(app: OpenAPIHono<AppEnv>, deps: { jobs: JobRunner }): void {
  app.openapi(
    guardedRoute({ permission: "platform:jobs", tenant: false }, {
      method: "get",
      path: "/api/v1/platform/jobs/failures",
      tags: ["Platform"],
      summary: "Jobs that failed after every retry, newest first",
      request: {
        query: z.object({
          limit: z.coerce.number({ error: "must be a number" }).int("must be a whole number")
            .min(1, "must be at least 1").max(200, "must be at most 200").optional()
            .openapi({ description: "Default 50" }),
        }),
      },
      responses: {
        200: {
          description: "Failed jobs",
          content: { "application/json": { schema: z.object({ items: z.array(FailedJob) }) } },
        },
        422: {
          description: "Invalid limit",
          content: problem,
        },
      },
    }),
    async (c) => c.json({ items: await deps.jobs.failures(c.req.valid("query").limit ?? 50) }, 200),
  );
}
