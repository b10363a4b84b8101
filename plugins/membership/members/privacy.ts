/**
 * The members area's part in data-subject requests (PIPL art. 45 copy, art. 47 erasure) and retention. The subject
 * is found by member id (the consent subject id too), or by the mobile number or card number the person proved.
 *
 * Erasure clears the personal data and keeps the member row as an anonymous stub (status erased): the points
 * ledger, coupons and settlements between stores refer to it and must still add up, but nothing in the stub or in
 * them leads back to the person. Sessions end, codes, tags, store memberships and birthday records go.
 */
import type { RetentionDataClass, SubjectRightsHandler } from "../../../platform/sdk.ts";
import type { MembershipTx } from "../context.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Tools = Parameters<SubjectRightsHandler["export"]>[2];
type Subject = Parameters<SubjectRightsHandler["export"]>[1];

/** The member rows the request is about; an id that is not a uuid is not a member id (and must not reach SQL). */
async function subjectMembers(tx: MembershipTx, subject: Subject, tools: Tools) {
  const memberId = UUID.test(subject.id) ? subject.id : undefined;
  const { phone, memberNo } = subject.identifiers ?? {};
  // A number that is not a valid mobile finds nobody rather than failing the whole request.
  const phoneIndex = phone ? await (await tools.cipher()).blindIndex("phone", phone).catch(() => undefined) : undefined;
  return await tx.selectFrom("plugin_membership.members").selectAll()
    .where((eb) =>
      eb.or([
        ...(memberId ? [eb("id", "=", memberId)] : []),
        ...(phoneIndex ? [eb("mobile_index", "=", phoneIndex)] : []),
        ...(memberNo ? [eb("member_no", "=", memberNo)] : []),
        eb.lit(false),
      ])
    ).execute();
}

async function exportMembers(tx: MembershipTx, subject: Subject, tools: Tools) {
  const members = await subjectMembers(tx, subject, tools);
  if (members.length === 0) return { members: [] };
  const cipher = await tools.cipher();
  const clear = (value: string | null) => value ? cipher.decrypt(value) : Promise.resolve(null);
  const out = [];
  for (const member of members) {
    const level = member.level_id
      ? await tx.selectFrom("plugin_membership.levels").select(["code", "name_zh", "name_en"])
        .where("id", "=", member.level_id).executeTakeFirst()
      : undefined;
    const stores = await tx.selectFrom("plugin_membership.store_members as sm")
      .leftJoin(
        "core.organisations as o",
        (join) => join.onRef("o.tenant_id", "=", "sm.tenant_id").onRef("o.id", "=", "sm.store_id"),
      )
      .select(["sm.store_id", "o.name", "sm.via", "sm.joined_at"]).where("sm.member_id", "=", member.id).execute();
    const tags = await tx.selectFrom("plugin_membership.member_tags as mt")
      .innerJoin(
        "plugin_membership.tags as t",
        (join) => join.onRef("t.tenant_id", "=", "mt.tenant_id").onRef("t.id", "=", "mt.tag_id"),
      )
      .select(["t.code", "t.name", "mt.source", "mt.assigned_at"]).where("mt.member_id", "=", member.id).execute();
    const sessions = await tx.selectFrom("plugin_membership.member_sessions")
      .select(["created_at", "expires_at", "revoked_at"]).where("member_id", "=", member.id).execute();
    const codes = member.mobile_index
      ? await tx.selectFrom("plugin_membership.member_codes").select([
        "created_at",
        "expires_at",
        "attempts",
        "used_at",
      ])
        .where("mobile_index", "=", member.mobile_index).execute()
      : [];
    const birthdays = await tx.selectFrom("plugin_membership.birthday_greetings").select([
      "year",
      "greeted_at",
      "coupon_id",
    ])
      .where("member_id", "=", member.id).execute();
    out.push({
      memberId: member.id,
      memberNo: member.member_no,
      status: member.status,
      mobile: await clear(member.mobile_enc),
      name: await clear(member.name_enc),
      birthday: await clear(member.birthday_enc),
      level: level ? { code: level.code, name: { zh: level.name_zh, en: level.name_en } } : null,
      joinedAt: member.joined_at.toISOString(),
      joinedChannel: member.joined_channel,
      joinedStoreId: member.joined_store_id,
      stores: stores.map((s) => ({
        storeId: s.store_id,
        name: s.name,
        via: s.via,
        joinedAt: new Date(s.joined_at).toISOString(),
      })),
      tags: tags.map((t) => ({
        code: t.code,
        name: t.name,
        source: t.source,
        assignedAt: new Date(t.assigned_at).toISOString(),
      })),
      sessions: sessions.map((s) => ({
        createdAt: s.created_at.toISOString(),
        expiresAt: s.expires_at.toISOString(),
        endedAt: s.revoked_at?.toISOString() ?? null,
      })),
      verificationCodes: codes.map((c) => ({
        sentAt: c.created_at.toISOString(),
        expiresAt: c.expires_at.toISOString(),
        wrongAttempts: c.attempts,
        usedAt: c.used_at?.toISOString() ?? null,
      })),
      birthdayCare: birthdays.map((b) => ({ year: b.year, at: b.greeted_at.toISOString(), couponId: b.coupon_id })),
    });
  }
  return { members: out };
}

async function eraseMembers(tx: MembershipTx, subject: Subject, tools: Tools): Promise<{ affected: number }> {
  const members = (await subjectMembers(tx, subject, tools)).filter((member) => member.status === "active");
  let affected = 0;
  const count = (result: { numDeletedRows?: bigint; numUpdatedRows?: bigint }) =>
    Number(result.numDeletedRows ?? result.numUpdatedRows ?? 0n);
  for (const member of members) {
    if (member.mobile_index) {
      affected += count(
        await tx.deleteFrom("plugin_membership.member_codes").where("mobile_index", "=", member.mobile_index)
          .executeTakeFirst(),
      );
    }
    for (const table of ["member_sessions", "member_tags", "store_members", "birthday_greetings"] as const) {
      affected += count(
        await tx.deleteFrom(`plugin_membership.${table}`).where("member_id", "=", member.id).executeTakeFirst(),
      );
    }
    affected += count(
      await tx.updateTable("plugin_membership.members").set({
        status: "erased",
        erased_at: new Date(),
        mobile_enc: null,
        mobile_index: null,
        name_enc: null,
        birthday_enc: null,
        birth_month: null,
        birth_day: null,
        // A new secret: no code of the old card can be made again.
        card_secret: btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(20)))),
      }).where("id", "=", member.id).executeTakeFirst(),
    );
  }
  return { affected };
}

export const membersSubjectRights: SubjectRightsHandler = {
  id: "membership.members",
  export: (tx, subject, tools) => exportMembers(tx as unknown as MembershipTx, subject, tools),
  erase: (tx, subject, tools) => eraseMembers(tx as unknown as MembershipTx, subject, tools),
};

export const membersRetention: RetentionDataClass[] = [
  {
    id: "membership_member_codes",
    name: { zh: "会员短信验证码", en: "Members' SMS verification codes" },
    table: "plugin_membership.member_codes",
    timeColumn: "created_at",
    action: "delete",
    // A day: the daily sending limit counts the last 24 hours of codes.
    defaultDays: 1,
    minimumDays: 1,
  },
  {
    id: "membership_member_sessions",
    name: { zh: "会员登录会话（过期后）", en: "Members' sessions (after they expire)" },
    table: "plugin_membership.member_sessions",
    timeColumn: "expires_at",
    action: "delete",
    defaultDays: 30,
    minimumDays: 1,
  },
];
