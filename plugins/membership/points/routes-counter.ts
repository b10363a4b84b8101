/**
 * The store counter (收银台): a store redeems a member's points (积分通兑: any participating store takes points
 * of the whole district) and awards points by hand with a reason, within a daily limit per store. The member is
 * named by the scanned card code or the card number; every write carries the till's idempotency key and is
 * audited.
 */
import { z } from "@hono/zod-openapi";
import { sql } from "kysely";
import { guardedRoute, type PluginRouter, problem, ProblemError } from "../../../platform/sdk.ts";
import { membershipOf } from "../context.ts";
import { IdempotencyKey, LedgerWrite, MemberInput, TAG } from "./api-schemas.ts";
import { localDay } from "./days.ts";
import { districtPoints } from "./district.ts";
import { awardPoints, spendPoints } from "./ledger.ts";
import { lockAccount } from "./ledger-write.ts";
import { memberFromInput } from "./member-input.ts";
import { entryByKey, replayOf, requireParticipating, storeOfCaller } from "./store-scope.ts";

const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });

const Redemption = z.object({
  member: MemberInput,
  points: z.number({ error: "give the points as a number" }).int("a whole number").min(1, "at least 1")
    .max(1_000_000, "at most 1,000,000"),
  idempotencyKey: IdempotencyKey,
  note: z.string().trim().max(200).optional().describe("what the points paid for, e.g. the receipt number"),
}).strict().openapi("PointsRedemptionInput"); // strict: the store is the caller's, never a field

const Award = z.object({
  member: MemberInput,
  points: z.number({ error: "give the points as a number" }).int("a whole number").min(1, "at least 1")
    .max(100_000, "at most 100,000"),
  reason: z.string().trim().min(2, "say why (at least 2 characters)").max(200),
  idempotencyKey: IdempotencyKey,
}).strict().openapi("PointsAwardInput");

const Quota = z.object({
  day: z.string().describe("the district-local day"),
  awarded: z.number().int(),
  limit: z.number().int(),
});

export function counterRoutes(router: PluginRouter): void {
  router.openapi(
    guardedRoute({ permission: "membership:points-counter" }, {
      method: "post",
      path: "/points/redemptions",
      tags: [TAG],
      summary: "Redeem a member's points at the caller's store (the same idempotency key again: the first answer)",
      request: { body: json(Redemption) },
      responses: {
        201: { description: "Redeemed (or redeemed before under this key)", ...json(LedgerWrite) },
        403: { description: "Not a store user, or the store is not in the alliance", content: problem },
        409: { description: "The member's balance is too low; nothing was taken", content: problem },
        422: { description: "Invalid fields, an unknown member or an expired card code", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const storeId = storeOfCaller(plugin);
      const body = c.req.valid("json");
      const idempotencyKey = `redeem:${storeId}:${body.idempotencyKey}`;
      const written = await plugin.withTenant(async (tx) => {
        await requireParticipating(tx, plugin, storeId);
        const member = await memberFromInput(tx, body.member, "member");
        // The lock makes a concurrent retry wait, then find the first one's entry (and not audit twice).
        await lockAccount(tx, plugin.tenantId, member.id);
        const replay = replayOf(await entryByKey(tx, idempotencyKey), { memberId: member.id, points: -body.points });
        if (replay) return replay;
        const spent = await spendPoints(tx, plugin.tenantId, {
          memberId: member.id,
          points: body.points,
          storeId,
          reason: body.note || "redeemed at the store",
          idempotencyKey,
          actor: plugin.actor,
        });
        await plugin.audit.append(tx, {
          action: "membership.points-redeem",
          target: `member:${member.id}`,
          details: { storeId, points: body.points, entryId: spent.entryId, consumed: spent.consumed },
        });
        return { entryId: spent.entryId, memberNo: member.memberNo, points: body.points, balance: spent.balance };
      });
      return c.json(written, 201);
    },
  );

  router.openapi(
    guardedRoute({ permission: "membership:points-counter" }, {
      method: "post",
      path: "/points/awards",
      tags: [TAG],
      summary: "Award points by hand at the caller's store, with a reason (within the store's daily limit)",
      request: { body: json(Award) },
      responses: {
        201: { description: "Awarded (or awarded before under this key)", ...json(LedgerWrite) },
        403: { description: "Not a store user, or the store is not in the alliance", content: problem },
        422: { description: "Invalid fields, an unknown member, or over the daily limit", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const storeId = storeOfCaller(plugin);
      const body = c.req.valid("json");
      const idempotencyKey = `award:${storeId}:${body.idempotencyKey}`;
      const limit = plugin.config.pointsStoreDailyAwardLimit;
      const written = await plugin.withTenant(async (tx) => {
        await requireParticipating(tx, plugin, storeId);
        const member = await memberFromInput(tx, body.member, "member");
        // The lock makes a concurrent retry of this award wait, then find the first one's entry.
        await lockAccount(tx, plugin.tenantId, member.id);
        const replay = replayOf(await entryByKey(tx, idempotencyKey), { memberId: member.id, points: body.points });
        if (replay) return replay;
        const day = localDay(new Date(), (await districtPoints(tx)).timeZone);
        // One statement adds to the day's total only while it stays within the limit, so two awards at once
        // cannot both pass it.
        const counted = await tx.insertInto("plugin_membership.points_store_awards")
          .values({ tenant_id: plugin.tenantId, store_id: storeId, day, points: body.points })
          .onConflict((oc) =>
            oc.columns(["tenant_id", "store_id", "day"])
              .doUpdateSet({ points: sql`plugin_membership.points_store_awards.points + excluded.points` })
              .where(sql<boolean>`plugin_membership.points_store_awards.points + excluded.points <= ${limit}`)
          ).returning("points").executeTakeFirst();
        if (!counted || counted.points > limit) {
          const used = await tx.selectFrom("plugin_membership.points_store_awards").select("points")
            .where("store_id", "=", storeId).where("day", "=", day).executeTakeFirst();
          const left = Math.max(0, limit - (counted ? 0 : used?.points ?? 0));
          throw new ProblemError(422, "That is more than the store may award by hand today.", [
            { field: "points", message: `at most ${left} more points today (daily limit ${limit})` },
          ]);
        }
        const awarded = await awardPoints(tx, plugin.tenantId, {
          memberId: member.id,
          points: body.points,
          storeId,
          kind: "adjust",
          reason: body.reason,
          idempotencyKey,
          actor: plugin.actor,
        });
        await plugin.audit.append(tx, {
          action: "membership.points-award",
          target: `member:${member.id}`,
          details: { storeId, points: body.points, reason: body.reason, entryId: awarded.entryId },
        });
        return { entryId: awarded.entryId, memberNo: member.memberNo, points: body.points, balance: awarded.balance };
      });
      return c.json(written, 201);
    },
  );

  router.openapi(
    guardedRoute({ permission: "membership:points-counter" }, {
      method: "get",
      path: "/points/awards/today",
      tags: [TAG],
      summary: "How many points the caller's store has awarded by hand today, and its daily limit",
      responses: {
        200: { description: "Today's awards", ...json(Quota) },
        403: { description: "Not a store user", content: problem },
      },
    }),
    async (c) => {
      const plugin = membershipOf(c);
      const storeId = storeOfCaller(plugin);
      const quota = await plugin.withTenant(async (tx) => {
        const day = localDay(new Date(), (await districtPoints(tx)).timeZone);
        const row = await tx.selectFrom("plugin_membership.points_store_awards").select("points")
          .where("store_id", "=", storeId).where("day", "=", day).executeTakeFirst();
        return { day, awarded: row?.points ?? 0, limit: plugin.config.pointsStoreDailyAwardLimit };
      });
      return c.json(quota, 200);
    },
  );
}
