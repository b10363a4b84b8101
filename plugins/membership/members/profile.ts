/**
 * The member's own profile (会员基础信息): card number, mobile, name and birthday, level. Name and birthday are
 * encrypted at rest; answers mask them unless the member asks to see their own data in clear. The birth month and
 * day are kept apart, in clear, for birthday care without decrypting.
 */
import { ProblemError } from "../../../platform/sdk.ts";
import type { MembershipCtx, MembershipTx } from "../context.ts";
import { type LevelView, levelView } from "./level-view.ts";

export interface Profile {
  memberNo: string;
  mobile: string;
  name: string | null;
  birthday: string | null;
  level: LevelView | null;
  joinedAt: string;
  marketingConsent: boolean;
  /** False: the values are masked. */
  revealed: boolean;
}

export interface ProfileChange {
  /** null clears it. */
  name?: string | null;
  /** YYYY-MM-DD (normalised by the birthDate schema); null clears it. */
  birthday?: string | null;
}

export async function readProfile(
  ctx: MembershipCtx,
  tx: MembershipTx,
  memberId: string,
  options: { reveal: boolean },
): Promise<Profile> {
  const row = await tx.selectFrom("plugin_membership.members as m")
    .leftJoin(
      "plugin_membership.levels as l",
      (join) => join.onRef("l.tenant_id", "=", "m.tenant_id").onRef("l.id", "=", "m.level_id"),
    )
    .select([
      "m.member_no",
      "m.mobile_enc",
      "m.name_enc",
      "m.birthday_enc",
      "m.joined_at",
      "l.id as level_id",
      "l.code as level_code",
      "l.name_zh as level_name_zh",
      "l.name_en as level_name_en",
      "l.rank as level_rank",
    ])
    .where("m.id", "=", memberId).where("m.status", "=", "active").executeTakeFirst();
  if (!row) throw new ProblemError(404, "There is no such member.");
  const cipher = await ctx.privacy.cipher(tx);
  const show = async (ciphertext: string | null, type: "phone" | "name" | "birthDate") => {
    if (!ciphertext) return null;
    const clear = await cipher.decrypt(ciphertext, type);
    return options.reveal ? clear : ctx.privacy.mask(type, clear);
  };
  return {
    memberNo: row.member_no,
    mobile: (await show(row.mobile_enc, "phone"))!,
    name: await show(row.name_enc, "name"),
    birthday: await show(row.birthday_enc, "birthDate"),
    level: levelView(row),
    joinedAt: row.joined_at.toISOString(),
    marketingConsent: await ctx.privacy.hasConsent(tx, memberId, "marketing"),
    revealed: options.reveal,
  };
}

export async function updateProfile(
  ctx: MembershipCtx,
  tx: MembershipTx,
  memberId: string,
  change: ProfileChange,
): Promise<void> {
  const cipher = await ctx.privacy.cipher(tx);
  const values: Record<string, string | number | null | Date> = { profile_updated_at: new Date() };
  if (change.name !== undefined) {
    values.name_enc = change.name === null ? null : await cipher.encrypt("name", change.name);
  }
  if (change.birthday !== undefined) {
    values.birthday_enc = change.birthday === null ? null : await cipher.encrypt("birthDate", change.birthday);
    values.birth_month = change.birthday === null ? null : Number(change.birthday.slice(5, 7));
    values.birth_day = change.birthday === null ? null : Number(change.birthday.slice(8, 10));
  }
  const updated = await tx.updateTable("plugin_membership.members").set(values)
    .where("id", "=", memberId).where("status", "=", "active").executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new ProblemError(404, "There is no such member.");
}
