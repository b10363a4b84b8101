/**
 * The signed-in member's own routes (H5 and apps): profile, marketing consent, the electronic card with its
 * rotating code, and the district's stores marked with those the member belongs to. Every route acts on the
 * session's member only; nothing here takes a member id from the request.
 */
import { z } from "@hono/zod-openapi";
import { guardedRoute, piiSchema, type PluginRouter, problem, ProblemError } from "../../../platform/sdk.ts";
import { membershipOf } from "../context.ts";
import { DistrictParam, Level, Profile, TAG } from "./api-schemas.ts";
import { cardCode } from "./card-code.ts";
import { membersSettings } from "./config.ts";
import { decideMarketing, marketingConsentOf } from "./consent.ts";
import { levelView } from "./level-view.ts";
import { optionalMember, requireMember } from "./member-auth.ts";
import { readProfile, updateProfile } from "./profile.ts";
import { qrSvg } from "./qr.ts";

/** The card page reloads a little before the code rotates (30 s), so the code shown is always accepted. */
export const CARD_REFRESH_SECONDS = 25;

const Unauthorised = { description: "Not signed in as a member", content: problem };

export function meRoutes(router: PluginRouter): void {
  router.openapi(
    guardedRoute("public", {
      method: "get",
      path: "/public/{district}/members/policy",
      tags: [TAG],
      summary: "The members' privacy policy version the join page shows (and consent decisions record)",
      request: { params: DistrictParam },
      responses: {
        200: {
          description: "The policy",
          content: { "application/json": { schema: z.object({ policyVersion: z.string() }) } },
        },
      },
    }),
    (c) => {
      const plugin = membershipOf(c);
      return c.json({ policyVersion: membersSettings.parse(plugin.config ?? {}).membersPolicyVersion }, 200);
    },
  );

  router.openapi(
    guardedRoute("public", {
      method: "get",
      path: "/public/{district}/me",
      tags: [TAG],
      summary: "The signed-in member's profile, masked unless reveal=true (their own data, so no permission)",
      request: {
        params: DistrictParam,
        query: z.object({
          reveal: z.enum(["true", "false"], { error: 'must be "true" or "false"' }).optional(),
        }),
      },
      responses: {
        200: { description: "The profile", content: { "application/json": { schema: Profile } } },
        401: Unauthorised,
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const memberId = await requireMember(c, plugin);
      const reveal = c.req.valid("query").reveal === "true";
      return c.json(await plugin.withTenant((tx) => readProfile(plugin, tx, memberId, { reveal })), 200);
    },
  );

  router.openapi(
    guardedRoute("public", {
      method: "patch",
      path: "/public/{district}/me",
      tags: [TAG],
      summary: "Change one's name or birthday (null clears it); stored encrypted",
      request: {
        params: DistrictParam,
        body: {
          content: {
            "application/json": {
              schema: z.object({
                name: piiSchema("name").nullable().optional(),
                birthday: piiSchema("birthDate").nullable().optional()
                  .describe("YYYY-MM-DD; the month and day decide the birthday care"),
              }).strict(),
            },
          },
        },
      },
      responses: {
        200: {
          description: "The profile after the change, masked",
          content: { "application/json": { schema: Profile } },
        },
        401: Unauthorised,
        422: { description: "Invalid name or birth date", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const memberId = await requireMember(c, plugin);
      const change = c.req.valid("json");
      const profile = await plugin.withTenant(async (tx) => {
        await updateProfile(plugin, tx, memberId, change);
        return await readProfile(plugin, tx, memberId, { reveal: false });
      });
      return c.json(profile, 200);
    },
  );

  router.openapi(
    guardedRoute("public", {
      method: "post",
      path: "/public/{district}/me/consent",
      tags: [TAG],
      summary: "Turn marketing messages (precision marketing) on or off; recorded in the consent history",
      request: {
        params: DistrictParam,
        body: {
          content: {
            "application/json": {
              schema: z.object({ marketing: z.boolean({ error: "must be true or false" }) }),
            },
          },
        },
      },
      responses: {
        200: {
          description: "The consent now",
          content: {
            "application/json": {
              schema: z.object({ marketing: z.boolean(), decidedAt: z.string().nullable() }),
            },
          },
        },
        401: Unauthorised,
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const memberId = await requireMember(c, plugin);
      const { marketing } = c.req.valid("json");
      const state = await plugin.withTenant(async (tx) => {
        await decideMarketing(plugin, tx, memberId, marketing, "h5");
        return await marketingConsentOf(tx, memberId);
      });
      return c.json({ marketing: state.granted, decidedAt: state.decidedAt }, 200);
    },
  );

  router.openapi(
    guardedRoute("public", {
      method: "get",
      path: "/public/{district}/me/card",
      tags: [TAG],
      summary: "The electronic member card: the rotating code (30 s) and its QR code",
      request: { params: DistrictParam },
      responses: {
        200: {
          description: "The card",
          content: {
            "application/json": {
              schema: z.object({
                memberNo: z.string(),
                level: Level.nullable(),
                code: z.string().describe("card number + 6 rotating digits; the till accepts it until expiresAt"),
                expiresAt: z.string(),
                refreshSeconds: z.number().int().describe("when to fetch the card again"),
                qrSvg: z.string().describe("the code as an SVG QR code"),
              }).openapi("MembershipCard"),
            },
          },
        },
        401: Unauthorised,
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const memberId = await requireMember(c, plugin);
      const row = await plugin.withTenant((tx) =>
        tx.selectFrom("plugin_membership.members as m")
          .leftJoin(
            "plugin_membership.levels as l",
            (join) => join.onRef("l.tenant_id", "=", "m.tenant_id").onRef("l.id", "=", "m.level_id"),
          )
          .select([
            "m.member_no",
            "m.card_secret",
            "l.id as level_id",
            "l.code as level_code",
            "l.name_zh as level_name_zh",
            "l.name_en as level_name_en",
            "l.rank as level_rank",
          ])
          .where("m.id", "=", memberId).executeTakeFirst()
      );
      if (!row) throw new ProblemError(401, "Sign in as a member first.");
      const { code, expiresAt } = await cardCode({ memberNo: row.member_no, cardSecret: row.card_secret });
      // The code is the member's key at the till for a minute: no cache may keep it.
      c.header("cache-control", "no-store");
      return c.json({
        memberNo: row.member_no,
        level: levelView(row),
        code,
        expiresAt: expiresAt.toISOString(),
        refreshSeconds: CARD_REFRESH_SECONDS,
        qrSvg: qrSvg(code),
      }, 200);
    },
  );

  router.openapi(
    guardedRoute("public", {
      method: "get",
      path: "/public/{district}/stores",
      tags: [TAG],
      summary: "The district's open stores; for a signed-in member, which of them they are a member of (双会员)",
      request: { params: DistrictParam },
      responses: {
        200: {
          description: "Stores",
          content: {
            "application/json": {
              schema: z.object({
                signedIn: z.boolean(),
                items: z.array(z.object({
                  id: z.string().uuid(),
                  name: z.string(),
                  category: z.string().nullable(),
                  floor: z.string().nullable(),
                  unit: z.string().nullable(),
                  member: z.boolean().describe("false when not signed in"),
                  joinedAt: z.string().nullable(),
                })),
              }),
            },
          },
        },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const memberId = await optionalMember(c, plugin);
      const rows = await plugin.withTenant((tx) =>
        tx.selectFrom("core.organisations as o")
          .leftJoin(
            "plugin_membership.store_members as sm",
            (join) =>
              join.onRef("sm.tenant_id", "=", "o.tenant_id").onRef("sm.store_id", "=", "o.id")
                .on("sm.member_id", "=", memberId ?? "00000000-0000-0000-0000-000000000000"),
          )
          .select(["o.id", "o.name", "o.category", "o.floor", "o.unit", "sm.joined_at"])
          .where("o.kind", "=", "store").where("o.status", "=", "active")
          .orderBy("o.floor").orderBy("o.name").execute()
      );
      return c.json({
        signedIn: memberId !== undefined,
        items: rows.map((row) => ({
          id: row.id,
          name: row.name,
          category: row.category,
          floor: row.floor,
          unit: row.unit,
          member: row.joined_at !== null,
          joinedAt: row.joined_at ? new Date(row.joined_at).toISOString() : null,
        })),
      }, 200);
    },
  );
}
