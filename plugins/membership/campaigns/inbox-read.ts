/** A member reading their own inbox: pages of messages, the unread count, marking read. */
import type { MembershipTx } from "../context.ts";

export async function inboxPage(tx: MembershipTx, memberId: string, page: number, pageSize: number) {
  const base = tx.selectFrom("plugin_membership.inbox_messages").where("member_id", "=", memberId);
  const counts = await base.select((eb) => [
    eb.fn.countAll<string>().as("total"),
    eb.fn.count<string>("id").filterWhere("read_at", "is", null).as("unread"),
  ]).executeTakeFirstOrThrow();
  const items = await base.select(["id", "kind", "title", "body", "created_at", "read_at"])
    .orderBy("created_at", "desc").orderBy("id", "desc")
    .limit(pageSize).offset((page - 1) * pageSize).execute();
  return { total: Number(counts.total), unread: Number(counts.unread), items };
}

/** True when the message is the member's (read now or before); another member's message is not found. */
export async function markRead(tx: MembershipTx, memberId: string, messageId: string): Promise<boolean> {
  const message = await tx.selectFrom("plugin_membership.inbox_messages").select(["id", "read_at"])
    .where("member_id", "=", memberId).where("id", "=", messageId).executeTakeFirst();
  if (!message) return false;
  if (!message.read_at) {
    await tx.updateTable("plugin_membership.inbox_messages").set({ read_at: new Date() })
      .where("member_id", "=", memberId).where("id", "=", messageId).execute();
  }
  return true;
}

export async function markAllRead(tx: MembershipTx, memberId: string): Promise<number> {
  const result = await tx.updateTable("plugin_membership.inbox_messages").set({ read_at: new Date() })
    .where("member_id", "=", memberId).where("read_at", "is", null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}
