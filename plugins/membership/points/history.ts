/** A member's points as they and the operators read them: the spendable balance, what expires soon, the entries. */
import type { z } from "@hono/zod-openapi";
import type { MembershipTx } from "../context.ts";
import type { LedgerPage } from "./api-schemas.ts";
import { balanceOf } from "./ledger.ts";

/** Without a notice setting, members still see what expires within this many days. */
const DEFAULT_WINDOW_DAYS = 30;

export async function ledgerPage(
  tx: MembershipTx,
  memberId: string,
  paging: { page: number; pageSize: number },
  noticeDays: number,
): Promise<z.infer<typeof LedgerPage>> {
  const now = new Date();
  const until = new Date(now.getTime() + (noticeDays || DEFAULT_WINDOW_DAYS) * 86_400_000);
  const balance = await balanceOf(tx, memberId);
  const expiring = await tx.selectFrom("plugin_membership.points_lots")
    .select(["expires_at", (eb) => eb.fn.sum<string>("remaining").as("points")])
    .where("member_id", "=", memberId).where("remaining", ">", 0)
    .where("expires_at", ">", now).where("expires_at", "<=", until)
    .groupBy("expires_at").orderBy("expires_at").execute();
  const total = await tx.selectFrom("plugin_membership.points_ledger")
    .select((eb) => eb.fn.countAll<string>().as("n")).where("member_id", "=", memberId)
    .executeTakeFirstOrThrow();
  const rows = await tx.selectFrom("plugin_membership.points_ledger as l")
    .leftJoin(
      "core.organisations as o",
      (join) => join.onRef("o.tenant_id", "=", "l.tenant_id").onRef("o.id", "=", "l.store_id"),
    )
    .select(["l.id", "l.kind", "l.points", "l.balance_after", "l.store_id", "o.name", "l.reason", "l.created_at"])
    .where("l.member_id", "=", memberId)
    .orderBy("l.created_at", "desc").orderBy("l.id", "desc")
    .limit(paging.pageSize).offset((paging.page - 1) * paging.pageSize).execute();
  return {
    balance,
    expiring: expiring.map((row) => ({
      expiresAt: new Date(row.expires_at!).toISOString(),
      points: Number(row.points),
    })),
    items: rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      points: row.points,
      balanceAfter: row.balance_after,
      storeId: row.store_id,
      storeName: row.name,
      reason: row.reason,
      at: new Date(row.created_at).toISOString(),
    })),
    page: paging.page,
    pageSize: paging.pageSize,
    total: Number(total.n),
  };
}
