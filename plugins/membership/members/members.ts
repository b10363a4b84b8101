/**
 * Joining the district and finding members. A member's mobile number is stored only encrypted, with a blind index
 * to find the member again at sign-in; `member_ref` is the same keyed pseudonym the data center keeps of a sale's
 * memberId, so a sale reported with the card number finds its member without the data center holding the number.
 */
import { type FieldCipher, ProblemError, uuidv7 } from "../../../platform/sdk.ts";
import type { MembershipTx } from "../context.ts";

export interface NewMember {
  mobile: string;
  name?: string;
  /** "h5", "counter", "pos", "import" … */
  channel: string;
  /** The store the member joined at; they become its member too (双会员). */
  storeId?: string;
}

export interface MemberRow {
  id: string;
  memberNo: string;
  memberRef: string;
  status: "active" | "erased";
  levelId: string | null;
  joinedAt: Date;
}

/** The pseudonym scope the data center uses for a sale's memberId (platform/datacenter/types/sale.ts). */
export const MEMBER_REF_SCOPE = "member";

/** 11 random digits and a Luhn check digit, so a mistyped card number is caught at the counter. */
export function newMemberNo(): string {
  const digits = Array.from(crypto.getRandomValues(new Uint8Array(11)), (b) => b % 10);
  digits[0] = 1 + (digits[0] % 9);
  return digits.join("") + luhnDigit(digits);
}

export function luhnDigit(digits: number[]): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits[digits.length - 1 - i];
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function isMemberNo(value: string): boolean {
  if (!/^[0-9]{12}$/.test(value)) return false;
  const digits = [...value].map(Number);
  return luhnDigit(digits.slice(0, -1)) === digits[digits.length - 1];
}

function toMember(row: {
  id: string;
  member_no: string;
  member_ref: string;
  status: "active" | "erased";
  level_id: string | null;
  joined_at: Date;
}): MemberRow {
  return {
    id: row.id,
    memberNo: row.member_no,
    memberRef: row.member_ref,
    status: row.status,
    levelId: row.level_id,
    joinedAt: new Date(row.joined_at),
  };
}

const COLUMNS = ["id", "member_no", "member_ref", "status", "level_id", "joined_at"] as const;

/** The active member with this mobile number, if any. */
export async function findMemberByMobile(
  tx: MembershipTx,
  cipher: FieldCipher,
  mobile: string,
): Promise<MemberRow | undefined> {
  const index = await cipher.blindIndex("phone", mobile);
  const row = await tx.selectFrom("plugin_membership.members").select(COLUMNS)
    .where("mobile_index", "=", index).where("status", "=", "active").executeTakeFirst();
  return row && toMember(row);
}

export async function findMemberByRef(tx: MembershipTx, memberRef: string): Promise<MemberRow | undefined> {
  const row = await tx.selectFrom("plugin_membership.members").select(COLUMNS)
    .where("member_ref", "=", memberRef).executeTakeFirst();
  return row && toMember(row);
}

/** The member with this card number (typed at a till, or in front of a card code), if any. */
export async function findMemberByNo(tx: MembershipTx, memberNo: string): Promise<MemberRow | undefined> {
  const row = await tx.selectFrom("plugin_membership.members").select(COLUMNS)
    .where("member_no", "=", memberNo).executeTakeFirst();
  return row && toMember(row);
}

export async function findMember(tx: MembershipTx, memberId: string): Promise<MemberRow | undefined> {
  const row = await tx.selectFrom("plugin_membership.members").select(COLUMNS)
    .where("id", "=", memberId).executeTakeFirst();
  return row && toMember(row);
}

/**
 * Makes the person a member of the district (and of `storeId`'s store); joining again with the same mobile number
 * returns the existing member, so a retried sign-up never makes two.
 */
export async function joinDistrict(
  tx: MembershipTx,
  tenantId: string,
  cipher: FieldCipher,
  input: NewMember,
): Promise<{ member: MemberRow; created: boolean }> {
  const existing = await findMemberByMobile(tx, cipher, input.mobile);
  if (input.storeId) await requireStore(tx, input.storeId);
  if (existing) {
    if (input.storeId) await joinStore(tx, tenantId, existing.id, input.storeId, "signup");
    return { member: existing, created: false };
  }
  const memberNo = newMemberNo();
  const entry = await tx.selectFrom("plugin_membership.levels").select("id").where("rank", "=", 0)
    .executeTakeFirst();
  const row = await tx.insertInto("plugin_membership.members").values({
    tenant_id: tenantId,
    id: uuidv7(),
    member_no: memberNo,
    member_ref: await cipher.pseudonym(memberNo, MEMBER_REF_SCOPE),
    mobile_enc: await cipher.encrypt("phone", input.mobile),
    mobile_index: await cipher.blindIndex("phone", input.mobile),
    name_enc: input.name ? await cipher.encrypt("name", input.name) : null,
    level_id: entry?.id ?? null,
    joined_channel: input.channel,
    joined_store_id: input.storeId ?? null,
    card_secret: btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(20)))),
  }).returning(COLUMNS).executeTakeFirstOrThrow();
  const member = toMember(row);
  if (input.storeId) await joinStore(tx, tenantId, member.id, input.storeId, "signup");
  return { member, created: true };
}

async function requireStore(tx: MembershipTx, storeId: string): Promise<void> {
  const store = await tx.selectFrom("core.organisations").select("id").where("id", "=", storeId)
    .where("kind", "=", "store").executeTakeFirst();
  if (!store) throw new ProblemError(422, "No such store.", [{ field: "storeId", message: "no such store" }]);
}

/** 双会员: the member becomes a member of the store too; joining twice changes nothing. */
export async function joinStore(
  tx: MembershipTx,
  tenantId: string,
  memberId: string,
  storeId: string,
  via: "signup" | "sale" | "manual",
): Promise<boolean> {
  const inserted = await tx.insertInto("plugin_membership.store_members")
    .values({ tenant_id: tenantId, member_id: memberId, store_id: storeId, via })
    .onConflict((oc) => oc.doNothing()).returning("member_id").executeTakeFirst();
  return inserted !== undefined;
}
