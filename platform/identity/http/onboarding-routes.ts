/**
 * Store self-onboarding, the public half: the districts taking applications, the business categories, applying,
 * and following one's application with the status token. No sign-in; the district comes from the path (applying)
 * or from the token (status), never from anything else.
 */
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Database } from "../../db/database.ts";
import { guardedRoute } from "../../http/guarded-route.ts";
import { problem } from "../../http/openapi-shared.ts";
import { ProblemError } from "../../http/problem.ts";
import type { AppEnv } from "../../http/request-context.ts";
import type { TenantKeyStore } from "../../privacy/pii.ts";
import { ApplicationInput } from "../onboarding/application-input.ts";
import { readApplicationStatus } from "../onboarding/application-status.ts";
import { listPublicDistricts } from "../onboarding/district-directory.ts";
import { invitationPagePath } from "../onboarding/invitation-seal.ts";
import { statusPagePath } from "../onboarding/status-token.ts";
import { submitApplication } from "../onboarding/submit-application.ts";
import { STORE_CATEGORIES } from "../store-categories.ts";
import { identityErrorToProblem } from "./errors.ts";

export interface OnboardingDeps {
  database: Database;
  keys: TenantKeyStore;
}

const Bilingual = z.object({ zh: z.string(), en: z.string() });

const PublicDistrict = z.object({ slug: z.string(), nameZh: z.string(), nameEn: z.string(), city: z.string() })
  .openapi("PublicDistrict");

const ApplicationStatus = z.object({
  status: z.enum(["pending", "approved", "rejected"]),
  storeName: z.string(),
  district: Bilingual,
  submittedAt: z.string(),
  decidedAt: z.string().nullable(),
  reason: z.string().nullable().describe("why it was rejected"),
  invitationUrl: z.string().nullable().describe("where the owner chooses a password; while approved and unused"),
}).openapi("StoreApplicationStatus");

export function registerOnboardingRoutes(app: OpenAPIHono<AppEnv>, deps: OnboardingDeps): void {
  const db = deps.database.db;

  app.openapi(
    guardedRoute("public", {
      method: "get",
      path: "/api/v1/public/districts",
      tags: ["Store onboarding"],
      summary: "Districts taking store applications",
      responses: {
        200: { description: "Active districts", content: { "application/json": { schema: z.array(PublicDistrict) } } },
      },
    }),
    async (c) => c.json(await listPublicDistricts(db), 200),
  );

  app.openapi(
    guardedRoute("public", {
      method: "get",
      path: "/api/v1/public/store-categories",
      tags: ["Store onboarding"],
      summary: "Business categories (业态) a store can choose",
      responses: {
        200: {
          description: "Categories",
          content: {
            "application/json": { schema: z.array(z.object({ id: z.string(), zh: z.string(), en: z.string() })) },
          },
        },
      },
    }),
    (c) => c.json([...STORE_CATEGORIES], 200),
  );

  app.openapi(
    guardedRoute("public", {
      method: "post",
      path: "/api/v1/public/districts/{slug}/store-applications",
      tags: ["Store onboarding"],
      summary: "Apply to join a district as a store; answers the status token to keep",
      request: {
        params: z.object({ slug: z.string().max(63) }),
        body: { content: { "application/json": { schema: ApplicationInput } } },
      },
      responses: {
        201: {
          description: "Submitted; waits for the district's review",
          content: {
            "application/json": {
              schema: z.object({
                applicationId: z.string().uuid(),
                status: z.literal("pending"),
                statusToken: z.string().describe("keep it: it is the only way to follow the application"),
                statusUrl: z.string(),
              }),
            },
          },
        },
        404: { description: "No such district", content: problem },
        409: { description: "Credit code or owner login already in use", content: problem },
        422: { description: "Invalid fields", content: problem },
      },
    }),
    async (c) => {
      try {
        const submitted = await submitApplication(db, deps.keys, c.req.valid("param").slug, c.req.valid("json"));
        return c.json({
          applicationId: submitted.applicationId,
          status: "pending" as const,
          statusToken: submitted.statusToken,
          statusUrl: `${new URL(c.req.url).origin}${statusPagePath(submitted.statusToken)}`,
        }, 201);
      } catch (error) {
        throw identityErrorToProblem(error);
      }
    },
  );

  app.openapi(
    guardedRoute("public", {
      method: "get",
      path: "/api/v1/public/store-applications/{statusToken}",
      tags: ["Store onboarding"],
      summary: "Follow an application with its status token",
      request: { params: z.object({ statusToken: z.string().min(10).max(200) }) },
      responses: {
        200: { description: "The application", content: { "application/json": { schema: ApplicationStatus } } },
        404: { description: "Unknown token", content: problem },
      },
    }),
    async (c) => {
      const found = await readApplicationStatus(db, deps.keys, c.req.valid("param").statusToken);
      if (!found) throw new ProblemError(404, "This status link is not valid.");
      const { invitationToken, ...view } = found;
      return c.json({
        ...view,
        invitationUrl: invitationToken ? `${new URL(c.req.url).origin}${invitationPagePath(invitationToken)}` : null,
      }, 200);
    },
  );
}
