/**
 * Stores from the district's side: reviewing store applications (list masked, reveal a contact, approve,
 * reject) and the list of stores, which store users also call and where they see only their own store.
 */
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { tenantPrincipalOf } from "../../http/auth.ts";
import { guardedRoute } from "../../http/guarded-route.ts";
import { problem } from "../../http/openapi-shared.ts";
import { ProblemError } from "../../http/problem.ts";
import type { AppEnv } from "../../http/request-context.ts";
import { revealPermission } from "../../privacy/pii.ts";
import { approveApplication } from "../onboarding/approve-application.ts";
import { invitationPagePath } from "../onboarding/invitation-seal.ts";
import { listStores } from "../onboarding/list-stores.ts";
import { rejectApplication } from "../onboarding/reject-application.ts";
import { revealApplicationContact } from "../onboarding/reveal-contact.ts";
import { listApplications } from "../onboarding/review-list.ts";
import { identityErrorToProblem } from "./errors.ts";
import type { OnboardingDeps } from "./onboarding-routes.ts";

const STATUSES = ["pending", "approved", "rejected"] as const;
const IdParam = z.object({ id: z.string().uuid() });

const StoreApplication = z.object({
  id: z.string().uuid(),
  storeName: z.string(),
  creditCode: z.string(),
  category: z.string(),
  floor: z.string(),
  unit: z.string(),
  areaM2: z.number(),
  staffCount: z.number().int(),
  contactName: z.string().describe("masked"),
  contactMobile: z.string().describe("masked, e.g. 138****5678"),
  ownerLogin: z.string(),
  status: z.enum(STATUSES),
  submittedAt: z.string(),
  decidedAt: z.string().nullable(),
  reason: z.string().nullable(),
}).openapi("StoreApplication");

const Store = z.object({
  id: z.string().uuid(),
  name: z.string(),
  creditCode: z.string().nullable(),
  category: z.string().nullable(),
  floor: z.string().nullable(),
  unit: z.string().nullable(),
  areaM2: z.number().nullable(),
  staffCount: z.number().int().nullable(),
  status: z.enum(["active", "closed"]),
  createdAt: z.string(),
}).openapi("Store");

/** Reviewing applications is district-wide work; a principal limited to one store never does it. */
function districtPrincipalOf(c: Context<AppEnv>) {
  const principal = tenantPrincipalOf(c);
  if (principal.organisationId) throw new ProblemError(403, "Store accounts cannot review store applications.");
  return principal;
}

export function registerStoreRoutes(app: OpenAPIHono<AppEnv>, deps: OnboardingDeps): void {
  const db = deps.database.db;

  app.openapi(
    guardedRoute({ permission: "stores:read" }, {
      method: "get",
      path: "/api/v1/store-applications",
      tags: ["Store onboarding"],
      summary: "Store applications of the district, newest first; contacts masked",
      request: { query: z.object({ status: z.enum(STATUSES).optional() }) },
      responses: {
        200: {
          description: "Applications",
          content: { "application/json": { schema: z.object({ items: z.array(StoreApplication) }) } },
        },
      },
    }),
    async (c) => {
      const principal = districtPrincipalOf(c);
      return c.json(
        { items: await listApplications(db, deps.keys, principal.tenantId, c.req.valid("query").status) },
        200,
      );
    },
  );

  app.openapi(
    guardedRoute({ permission: "stores:review" }, {
      method: "get",
      path: "/api/v1/store-applications/{id}/contact",
      tags: ["Store onboarding"],
      summary: "The applicant's contact in clear (needs pii:read:phone too); every reveal is audited",
      request: { params: IdParam },
      responses: {
        200: {
          description: "The contact",
          content: {
            "application/json": {
              schema: z.object({
                contactName: z.string().describe("in clear with pii:read:name, masked otherwise"),
                contactMobile: z.string(),
                revealed: z.object({ contactName: z.boolean(), contactMobile: z.boolean() }),
              }),
            },
          },
        },
        403: { description: "Lacks pii:read:phone", content: problem },
        404: { description: "No such application", content: problem },
      },
    }),
    async (c) => {
      const principal = districtPrincipalOf(c);
      const needed = revealPermission("phone");
      if (!principal.permissions.has(needed)) {
        throw new ProblemError(403, `Seeing the contact in clear needs the permission "${needed}".`);
      }
      const contact = await revealApplicationContact(db, deps.keys, principal, c.req.valid("param").id);
      if (!contact) throw new ProblemError(404, "There is no such store application in this district.");
      return c.json(contact, 200);
    },
  );

  app.openapi(
    guardedRoute({ permission: "stores:review" }, {
      method: "post",
      path: "/api/v1/store-applications/{id}/approve",
      tags: ["Store onboarding"],
      summary: "Approve: creates the store and invites its owner",
      request: { params: IdParam },
      responses: {
        200: {
          description: "Approved",
          content: {
            "application/json": {
              schema: z.object({ organisationId: z.string().uuid(), invitationUrl: z.string() }),
            },
          },
        },
        404: { description: "No such application", content: problem },
        409: { description: "Already decided, or credit code or login taken meanwhile", content: problem },
      },
    }),
    async (c) => {
      const principal = districtPrincipalOf(c);
      try {
        const approved = await approveApplication(db, deps.keys, principal, c.req.valid("param").id);
        return c.json({
          organisationId: approved.organisationId,
          invitationUrl: `${new URL(c.req.url).origin}${invitationPagePath(approved.invitationToken)}`,
        }, 200);
      } catch (error) {
        throw identityErrorToProblem(error);
      }
    },
  );

  app.openapi(
    guardedRoute({ permission: "stores:review" }, {
      method: "post",
      path: "/api/v1/store-applications/{id}/reject",
      tags: ["Store onboarding"],
      summary: "Reject with a reason the applicant sees",
      request: {
        params: IdParam,
        body: {
          content: {
            "application/json": {
              schema: z.object({
                reason: z.string({ error: "give the reason the applicant will see" }).trim()
                  .min(2, "give the reason the applicant will see (at least 2 characters)")
                  .max(200, "the reason is at most 200 characters"),
              }),
            },
          },
        },
      },
      responses: {
        200: {
          description: "Rejected",
          content: {
            "application/json": {
              schema: z.object({ id: z.string().uuid(), status: z.literal("rejected"), reason: z.string() }),
            },
          },
        },
        404: { description: "No such application", content: problem },
        409: { description: "Already decided", content: problem },
        422: { description: "No reason", content: problem },
      },
    }),
    async (c) => {
      const principal = districtPrincipalOf(c);
      const { id } = c.req.valid("param");
      const { reason } = c.req.valid("json");
      try {
        await rejectApplication(db, principal, id, reason);
      } catch (error) {
        throw identityErrorToProblem(error);
      }
      return c.json({ id, status: "rejected" as const, reason }, 200);
    },
  );

  app.openapi(
    guardedRoute({ permission: "stores:list" }, {
      method: "get",
      path: "/api/v1/stores",
      tags: ["Stores"],
      summary: "Stores of the district (operators) or one's own store (store users)",
      responses: {
        200: {
          description: "Stores",
          content: { "application/json": { schema: z.object({ items: z.array(Store) }) } },
        },
      },
    }),
    async (c) => {
      const principal = tenantPrincipalOf(c);
      // Only a principal limited to one store, or one allowed to read the whole district, gets an answer.
      if (!principal.organisationId && !principal.permissions.has("stores:read")) {
        throw new ProblemError(403, 'Listing every store of the district needs the permission "stores:read".');
      }
      return c.json({ items: await listStores(db, principal) }, 200);
    },
  );
}
