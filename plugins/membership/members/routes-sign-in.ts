/**
 * Joining and signing in on the H5 pages and in apps, by SMS code: ask for a code, then trade mobile + code for a
 * session (joining the district first if the number is new, and the store's membership too with `storeId` —
 * 双会员). The session comes back as a token for apps and as the district's member cookie for the H5 pages.
 */
import { z } from "@hono/zod-openapi";
import { guardedRoute, piiSchema, problem, ProblemError } from "../../../platform/sdk.ts";
import { membershipOf } from "../context.ts";
import type { PluginRouter } from "../../../platform/sdk.ts";
import { DistrictParam, TAG } from "./api-schemas.ts";
import { checkCode, sendCode, TooManyCodes } from "./codes.ts";
import { decideMarketing } from "./consent.ts";
import { memberJoined } from "./events.ts";
import {
  clearMemberCookie,
  endMemberSession,
  issueMemberSession,
  memberTokenOf,
  setMemberCookie,
} from "./member-auth.ts";
import { joinDistrict } from "./members.ts";
import { smsSenderFor } from "./sms.ts";

const CODE_MESSAGES = {
  wrong: "the code is not right; check the SMS and try again",
  expired: "the code has expired or was already used; ask for a new one",
  exhausted: "too many wrong tries; ask for a new code",
} as const;

export function signInRoutes(router: PluginRouter): void {
  router.openapi(
    guardedRoute("public", {
      method: "post",
      path: "/public/{district}/members/codes",
      tags: [TAG],
      summary: "Send a sign-in code by SMS (6 digits, valid 5 minutes; one a minute and ten a day per number)",
      request: {
        params: DistrictParam,
        body: { content: { "application/json": { schema: z.object({ mobile: piiSchema("phone") }) } } },
      },
      responses: {
        202: {
          description: "Sent",
          content: {
            "application/json": {
              schema: z.object({ expiresAt: z.string(), resendAfterSeconds: z.number().int() }),
            },
          },
        },
        422: { description: "Not a mainland China mobile number", content: problem },
        429: { description: "Too many codes for this number; Retry-After says when to ask again", content: problem },
        502: { description: "The SMS gateway did not take the message", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      try {
        const sent = await sendCode(plugin, smsSenderFor(plugin), c.req.valid("json").mobile);
        return c.json({ expiresAt: sent.expiresAt.toISOString(), resendAfterSeconds: sent.resendAfterSeconds }, 202);
      } catch (error) {
        if (error instanceof TooManyCodes) c.header("retry-after", String(error.retryAfterSeconds));
        throw error;
      }
    },
  );

  router.openapi(
    guardedRoute("public", {
      method: "post",
      path: "/public/{district}/members/sessions",
      tags: [TAG],
      summary: "Sign in with the SMS code, joining the district (and the store, 双会员) if the number is new",
      request: {
        params: DistrictParam,
        body: {
          content: {
            "application/json": {
              schema: z.object({
                mobile: piiSchema("phone"),
                code: z.string({ error: "enter the code from the SMS" }).trim()
                  .regex(/^[0-9]{6}$/, "the code has 6 digits"),
                marketingConsent: z.boolean({ error: "must be true or false" }).optional()
                  .describe("the member's answer to 'send me offers' (precision marketing); absent: not asked"),
                storeId: z.string().uuid({ error: "must be a store id" }).optional()
                  .describe("the store whose QR code the member scanned: they become its member too"),
              }),
            },
          },
        },
      },
      responses: {
        201: {
          description: "Signed in; the member cookie is set too",
          content: {
            "application/json": {
              schema: z.object({
                token: z.string().describe("for apps: send as Authorization: Bearer mbr_…"),
                expiresAt: z.string(),
                memberNo: z.string(),
                joined: z.boolean().describe("true when this sign-in made the person a member"),
              }),
            },
          },
        },
        422: { description: "Wrong, expired or used-up code; unknown store", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const body = c.req.valid("json");
      const outcome = await plugin.withTenant(async (tx) => {
        const check = await checkCode(plugin, tx, body.mobile, body.code);
        if (check !== "ok") return { check } as const;
        const cipher = await plugin.privacy.cipher(tx);
        const { member, created } = await joinDistrict(tx, plugin.tenantId, cipher, {
          mobile: body.mobile,
          channel: "h5",
          storeId: body.storeId,
        });
        if (body.marketingConsent !== undefined) {
          await decideMarketing(plugin, tx, member.id, body.marketingConsent, "h5");
        }
        if (created) {
          await plugin.events.publish(tx, memberJoined, {
            memberId: member.id,
            storeId: body.storeId ?? null,
            channel: "h5",
          });
        }
        const session = await issueMemberSession(tx, plugin.tenantId, member.id);
        return { check, member, created, session } as const;
      });
      if (outcome.check !== "ok") {
        throw new ProblemError(422, "The code was not accepted.", [
          { field: "code", message: CODE_MESSAGES[outcome.check] },
        ]);
      }
      setMemberCookie(c, c.req.valid("param").district, outcome.session.token, outcome.session.expiresAt);
      return c.json({
        token: outcome.session.token,
        expiresAt: outcome.session.expiresAt.toISOString(),
        memberNo: outcome.member.memberNo,
        joined: outcome.created,
      }, 201);
    },
  );

  router.openapi(
    guardedRoute("public", {
      method: "post",
      path: "/public/{district}/members/sign-out",
      tags: [TAG],
      summary: "Sign out: ends the member's session and clears the cookie (fine to call when signed out)",
      request: { params: DistrictParam },
      responses: {
        200: {
          description: "Signed out",
          content: { "application/json": { schema: z.object({ signedOut: z.boolean() }) } },
        },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const district = c.req.valid("param").district;
      const token = memberTokenOf(c, district);
      if (token) await plugin.withTenant((tx) => endMemberSession(tx, token));
      clearMemberCookie(c, district);
      return c.json({ signedOut: true }, 200);
    },
  );
}
