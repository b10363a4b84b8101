/** Users of a district or store, invitations, and accepting an invitation. */
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import type { CoreDatabase } from "../../db/schema.ts";
import { tenantPrincipalOf } from "../../http/auth.ts";
import { guardedRoute } from "../../http/guarded-route.ts";
import { problem } from "../../http/openapi-shared.ts";
import { ProblemError } from "../../http/problem.ts";
import type { AppEnv } from "../../http/request-context.ts";
import {
  acceptInvitation,
  describeInvitation,
  inviteUser,
  listUsers,
  reissueInvitation,
  updateMember,
} from "../users.ts";
import { identityErrorToProblem } from "./errors.ts";

const TENANT_ROLES = ["operator_admin", "operator_staff", "store_owner", "store_staff"] as const;

const User = z.object({
  accountId: z.string().uuid(),
  login: z.string(),
  displayName: z.string(),
  role: z.enum(TENANT_ROLES),
  organisationId: z.string().uuid(),
  status: z.string(),
  lastSignInAt: z.string().nullable(),
}).openapi("User");

const TokenParam = z.object({ token: z.string().min(10).max(200) });
const AccountParam = z.object({ accountId: z.string().uuid() });
const InvitationLink = z.object({ accountId: z.string().uuid(), invitationUrl: z.string(), expiresAt: z.string() });

export function registerUserRoutes(app: OpenAPIHono<AppEnv>, db: Kysely<CoreDatabase>): void {
  app.openapi(
    guardedRoute({ permission: "users:read" }, {
      method: "get",
      path: "/api/v1/users",
      tags: ["Identity"],
      summary: "People of the district (operators) or of one's store (store owners)",
      responses: {
        200: { description: "Users", content: { "application/json": { schema: z.object({ items: z.array(User) }) } } },
      },
    }),
    async (c) => c.json({ items: await listUsers(db, tenantPrincipalOf(c)) }, 200),
  );

  app.openapi(
    guardedRoute({ permission: "users:manage" }, {
      method: "post",
      path: "/api/v1/users/invitations",
      tags: ["Identity"],
      summary: "Invite a person; answers the invitation link to pass on (shown once)",
      request: {
        body: {
          content: {
            "application/json": {
              schema: z.object({
                login: z.string().trim().min(3, "must be at least 3 characters").max(64),
                displayName: z.string().trim().min(1, "enter the person's name").max(60),
                role: z.enum(TENANT_ROLES),
                organisationId: z.string().uuid().optional().describe("the store, for store roles"),
              }),
            },
          },
        },
      },
      responses: {
        201: { description: "Invited", content: { "application/json": { schema: InvitationLink } } },
        409: { description: "The login is taken", content: problem },
        422: { description: "Invalid fields", content: problem },
      },
    }),
    async (c) => {
      try {
        const invited = await inviteUser(db, tenantPrincipalOf(c), c.req.valid("json"));
        const origin = new URL(c.req.url).origin;
        return c.json({
          accountId: invited.accountId,
          invitationUrl: `${origin}/invite/${invited.invitationToken}`,
          expiresAt: invited.expiresAt.toISOString(),
        }, 201);
      } catch (error) {
        throw identityErrorToProblem(error);
      }
    },
  );

  app.openapi(
    guardedRoute({ permission: "users:manage" }, {
      method: "patch",
      path: "/api/v1/users/{accountId}",
      tags: ["Identity"],
      summary: "Change a person's role in the district, or disable or re-enable them (audited)",
      description: "Operator admins manage everyone in the district, store owners their own store's people. A store " +
        "role stays with the person's store, an operator role with the operator. Nobody changes their own role or " +
        "disables themselves, and the district keeps at least one active operator admin. Disabling ends the " +
        "person's sessions in this district and refuses their sign-in to it; their account elsewhere is untouched.",
      request: {
        params: AccountParam,
        body: {
          content: {
            "application/json": {
              schema: z.object({ role: z.enum(TENANT_ROLES).optional(), disabled: z.boolean().optional() }),
            },
          },
        },
      },
      responses: {
        200: { description: "The person as they are now", content: { "application/json": { schema: User } } },
        404: { description: "No such person in reach", content: problem },
        409: { description: "The district would have no active operator admin", content: problem },
        422: { description: "A role not allowed, or a change to oneself", content: problem },
      },
    }),
    async (c) => {
      try {
        const updated = await updateMember(
          db,
          tenantPrincipalOf(c),
          c.req.valid("param").accountId,
          c.req.valid("json"),
        );
        return c.json(updated, 200);
      } catch (error) {
        throw identityErrorToProblem(error);
      }
    },
  );

  app.openapi(
    guardedRoute({ permission: "users:manage" }, {
      method: "post",
      path: "/api/v1/users/{accountId}/invitation",
      tags: ["Identity"],
      summary: "Re-issue the invitation of a person who has not chosen a password yet; the old link stops working",
      request: { params: AccountParam },
      responses: {
        201: { description: "The new link (shown once)", content: { "application/json": { schema: InvitationLink } } },
        404: { description: "No such person in reach", content: problem },
        409: { description: "They already have a password", content: problem },
      },
    }),
    async (c) => {
      try {
        const invited = await reissueInvitation(db, tenantPrincipalOf(c), c.req.valid("param").accountId);
        return c.json({
          accountId: invited.accountId,
          invitationUrl: `${new URL(c.req.url).origin}/invite/${invited.invitationToken}`,
          expiresAt: invited.expiresAt.toISOString(),
        }, 201);
      } catch (error) {
        throw identityErrorToProblem(error);
      }
    },
  );

  app.openapi(
    guardedRoute("public", {
      method: "get",
      path: "/api/v1/invitations/{token}",
      tags: ["Identity"],
      summary: "What an invitation is for (before choosing a password)",
      request: { params: TokenParam },
      responses: {
        200: {
          description: "The invitation",
          content: {
            "application/json": {
              schema: z.object({
                login: z.string(),
                displayName: z.string(),
                district: z.object({ zh: z.string(), en: z.string() }),
                expired: z.boolean(),
                accepted: z.boolean(),
              }),
            },
          },
        },
        404: { description: "Unknown invitation", content: problem },
      },
    }),
    async (c) => {
      const invitation = await describeInvitation(db, c.req.valid("param").token);
      if (!invitation) throw new ProblemError(404, "This invitation link is not valid.");
      return c.json(invitation, 200);
    },
  );

  app.openapi(
    guardedRoute("public", {
      method: "post",
      path: "/api/v1/invitations/{token}/accept",
      tags: ["Identity"],
      summary: "Accept an invitation by choosing a password",
      request: {
        params: TokenParam,
        body: {
          content: { "application/json": { schema: z.object({ password: z.string().min(1, "choose a password") }) } },
        },
      },
      responses: {
        200: {
          description: "Accepted; sign in with the login",
          content: { "application/json": { schema: z.object({ login: z.string() }) } },
        },
        404: { description: "Unknown invitation", content: problem },
        409: { description: "Used or expired", content: problem },
        422: { description: "Weak password", content: problem },
      },
    }),
    async (c) => {
      try {
        const accepted = await acceptInvitation(db, c.req.valid("param").token, c.req.valid("json").password);
        return c.json({ login: accepted.login }, 200);
      } catch (error) {
        throw identityErrorToProblem(error);
      }
    },
  );
}
