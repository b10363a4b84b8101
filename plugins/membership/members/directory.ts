/**
 * The operators' view of the members (会员管理, Xuzhou 6.6.3–6.6.4): a list with masked mobiles, found by exact
 * mobile (through the blind index — the number itself is never searched in clear) or card number, filtered by
 * level and tag, with counts; and one member's detail: level, tags, stores joined, consent.
 */
import { sql } from "kysely";
import type { MembershipCtx, MembershipTx } from "../context.ts";
import { type ConsentState, marketingConsentOf } from "./consent.ts";
import { type LevelView, levelView } from "./level-view.ts";

export interface MemberFilter {
  mobile?: string;
  memberNo?: string;
  levelId?: string;
  tagId?: string;
  page: number;
  pageSize: number;
}

export interface MemberSummary {
  id: string;
  memberNo: string;
  mobile: string;
  level: LevelView | null;
  status: "active" | "erased";
  joinedAt: string;
}

const LEVEL_COLUMNS = [
  "l.id as level_id",
  "l.code as level_code",
  "l.name_zh as level_name_zh",
  "l.name_en as level_name_en",
  "l.rank as level_rank",
] as const;

function membersWithLevels(tx: MembershipTx) {
  return tx.selectFrom("plugin_membership.members as m")
    .leftJoin(
      "plugin_membership.levels as l",
      (join) => join.onRef("l.tenant_id", "=", "m.tenant_id").onRef("l.id", "=", "m.level_id"),
    );
}

export async function maskedMobile(ctx: MembershipCtx, tx: MembershipTx, mobileEnc: string | null): Promise<string> {
  if (!mobileEnc) return "";
  return ctx.privacy.mask("phone", await (await ctx.privacy.cipher(tx)).decrypt(mobileEnc, "phone"));
}

export async function listMembers(ctx: MembershipCtx, tx: MembershipTx, filter: MemberFilter) {
  let query = membersWithLevels(tx).where("m.status", "=", "active");
  if (filter.mobile) {
    const index = await (await ctx.privacy.cipher(tx)).blindIndex("phone", filter.mobile);
    query = query.where("m.mobile_index", "=", index);
  }
  if (filter.memberNo) query = query.where("m.member_no", "=", filter.memberNo);
  if (filter.levelId) query = query.where("m.level_id", "=", filter.levelId);
  if (filter.tagId) {
    const tagId = filter.tagId;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom("plugin_membership.member_tags as mt").select("mt.member_id")
          .whereRef("mt.member_id", "=", "m.id").where("mt.tag_id", "=", tagId),
      )
    );
  }
  // One after the other: a transaction is one connection, and queries on it queue anyway.
  const rows = await query
    .select(["m.id", "m.member_no", "m.mobile_enc", "m.status", "m.joined_at", ...LEVEL_COLUMNS])
    .orderBy("m.joined_at", "desc").orderBy("m.id", "desc")
    .limit(filter.pageSize).offset((filter.page - 1) * filter.pageSize).execute();
  const total = await query.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
  const items: MemberSummary[] = [];
  for (const row of rows) {
    items.push({
      id: row.id,
      memberNo: row.member_no,
      mobile: await maskedMobile(ctx, tx, row.mobile_enc),
      level: levelView(row),
      status: row.status,
      joinedAt: row.joined_at.toISOString(),
    });
  }
  return { items, total: Number(total.n), page: filter.page, pageSize: filter.pageSize };
}

/** Counts for the list's header: all active members, those who joined in the last 30 days, and per level. */
export async function memberCounts(tx: MembershipTx) {
  const { rows } = await sql<{ level_id: string | null; members: string; recent: string }>`
    select level_id, count(*) as members, count(*) filter (where joined_at > now() - interval '30 days') as recent
      from plugin_membership.members where status = 'active' group by level_id`.execute(tx);
  return {
    members: rows.reduce((sum, row) => sum + Number(row.members), 0),
    joinedLast30Days: rows.reduce((sum, row) => sum + Number(row.recent), 0),
    byLevel: rows.map((row) => ({ levelId: row.level_id, members: Number(row.members) })),
  };
}

export interface MemberDetail extends MemberSummary {
  name: string | null;
  birthday: string | null;
  joinedChannel: string;
  joinedStore: { id: string; name: string } | null;
  stores: { id: string; name: string; via: "signup" | "sale" | "manual"; joinedAt: string }[];
  tags: { id: string; code: string; name: string; source: "manual" | "rule"; assignedAt: string }[];
  marketingConsent: ConsentState;
}

export async function memberDetail(
  ctx: MembershipCtx,
  tx: MembershipTx,
  memberId: string,
): Promise<MemberDetail | undefined> {
  const row = await membersWithLevels(tx)
    .select([
      "m.id",
      "m.member_no",
      "m.mobile_enc",
      "m.name_enc",
      "m.birthday_enc",
      "m.status",
      "m.joined_at",
      "m.joined_channel",
      "m.joined_store_id",
      ...LEVEL_COLUMNS,
    ])
    .where("m.id", "=", memberId).executeTakeFirst();
  if (!row) return undefined;
  const cipher = await ctx.privacy.cipher(tx);
  const masked = async (ciphertext: string | null, type: "name" | "birthDate") =>
    ciphertext ? ctx.privacy.mask(type, await cipher.decrypt(ciphertext, type)) : null;
  const stores = await tx.selectFrom("plugin_membership.store_members as sm")
    .innerJoin(
      "core.organisations as o",
      (join) => join.onRef("o.tenant_id", "=", "sm.tenant_id").onRef("o.id", "=", "sm.store_id"),
    )
    .select(["o.id", "o.name", "sm.via", "sm.joined_at"])
    .where("sm.member_id", "=", memberId).orderBy("sm.joined_at").execute();
  const tags = await tx.selectFrom("plugin_membership.member_tags as mt")
    .innerJoin(
      "plugin_membership.tags as t",
      (join) => join.onRef("t.tenant_id", "=", "mt.tenant_id").onRef("t.id", "=", "mt.tag_id"),
    )
    .select(["t.id", "t.code", "t.name", "mt.source", "mt.assigned_at"])
    .where("mt.member_id", "=", memberId).orderBy("t.code").execute();
  const consent = await marketingConsentOf(tx, memberId);
  const joinedStore = stores.find((store) => store.id === row.joined_store_id);
  return {
    id: row.id,
    memberNo: row.member_no,
    mobile: await maskedMobile(ctx, tx, row.mobile_enc),
    name: await masked(row.name_enc, "name"),
    birthday: await masked(row.birthday_enc, "birthDate"),
    level: levelView(row),
    status: row.status,
    joinedAt: row.joined_at.toISOString(),
    joinedChannel: row.joined_channel,
    joinedStore: joinedStore ? { id: joinedStore.id, name: joinedStore.name } : null,
    stores: stores.map((store) => ({
      id: store.id,
      name: store.name,
      via: store.via,
      joinedAt: new Date(store.joined_at).toISOString(),
    })),
    tags: tags.map((tag) => ({
      id: tag.id,
      code: tag.code,
      name: tag.name,
      source: tag.source,
      assignedAt: new Date(tag.assigned_at).toISOString(),
    })),
    marketingConsent: consent,
  };
}
