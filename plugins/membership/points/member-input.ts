/**
 * The member a till or an operator names: a scanned rotating card code (current or previous step only, so a
 * screenshot does not work), a typed 12-digit card number, or (operators) the member's id. Unknown or invalid
 * input is a 422 naming the field, so the form shows it beside the input.
 */
import { ProblemError } from "../../../platform/sdk.ts";
import { isCurrentCardCode, parseCardInput } from "../members/card-code.ts";
import type { MembershipTx } from "../context.ts";

export interface NamedMember {
  id: string;
  memberNo: string;
  status: "active" | "erased";
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function memberFromInput(
  tx: MembershipTx,
  raw: string,
  field: string,
  options: { allowId?: boolean } = {},
): Promise<NamedMember> {
  const columns = ["id", "member_no", "status", "card_secret"] as const;
  const problem = (message: string) => new ProblemError(422, message, [{ field, message }]);
  if (options.allowId && UUID.test(raw)) {
    const row = await tx.selectFrom("plugin_membership.members").select(columns).where("id", "=", raw)
      .executeTakeFirst();
    if (!row) throw problem("no such member");
    return { id: row.id, memberNo: row.member_no, status: row.status };
  }
  const parsed = parseCardInput(raw);
  if (parsed.kind === "invalid") throw problem(parsed.message);
  const row = await tx.selectFrom("plugin_membership.members").select(columns)
    .where("member_no", "=", parsed.memberNo).executeTakeFirst();
  if (!row || row.status !== "active") throw problem("no member has this card number");
  if (parsed.kind === "code") {
    const current = await isCurrentCardCode({ memberNo: row.member_no, cardSecret: row.card_secret }, parsed.otp);
    if (!current) throw problem("this code has expired; ask the member to show the card again");
  }
  return { id: row.id, memberNo: row.member_no, status: row.status };
}
