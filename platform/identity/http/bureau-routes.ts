/** The city commerce bureau's view over the districts of its jurisdiction: aggregates only. */
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { principalOf } from "../../http/auth.ts";
import { guardedRoute } from "../../http/guarded-route.ts";
import type { AppEnv } from "../../http/request-context.ts";
import { listBureauDistricts } from "../onboarding/bureau-districts.ts";
import type { OnboardingDeps } from "./onboarding-routes.ts";

const BureauDistrict = z.object({
  id: z.string().uuid(),
  slug: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  city: z.string(),
  plan: z.string(),
  stores: z.number().int().describe("active stores"),
  pendingApplications: z.number().int(),
}).openapi("BureauDistrict");

export function registerBureauRoutes(app: OpenAPIHono<AppEnv>, deps: Pick<OnboardingDeps, "database">): void {
  app.openapi(
    guardedRoute({ permission: "bureau:districts", tenant: false }, {
      method: "get",
      path: "/api/v1/bureau/districts",
      tags: ["Bureau"],
      summary: "Districts of the bureau's jurisdiction with aggregate counts (every district for platform admins)",
      responses: {
        200: {
          description: "Districts",
          content: { "application/json": { schema: z.object({ items: z.array(BureauDistrict) }) } },
        },
      },
    }),
    async (c) => c.json({ items: await listBureauDistricts(deps.database.db, principalOf(c)) }, 200),
  );
}
