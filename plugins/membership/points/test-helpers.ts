/** What the points tests check again and again: the cached balance, the ledger's sum and the open lots agree. */
import assert from "node:assert/strict";
import { TestClient } from "../../../tests/support/http.ts";
import { issueMemberSession, memberCookieName } from "../members/member-auth.ts";
import { base, type MembershipTestBed, type TestMember } from "../test-support.ts";

export interface LedgerState {
  account: number;
  ledgerSum: number;
  lotsRemaining: number;
}

export async function ledgerState(
  bed: MembershipTestBed,
  memberId: string,
  district: "home" | "other" = "home",
): Promise<LedgerState> {
  return await bed.inDistrict(async (tx) => {
    const account = await tx.selectFrom("plugin_membership.points_accounts").select("balance")
      .where("member_id", "=", memberId).executeTakeFirst();
    const ledger = await tx.selectFrom("plugin_membership.points_ledger")
      .select((eb) => eb.fn.coalesce(eb.fn.sum<string>("points"), eb.lit(0)).as("sum"))
      .where("member_id", "=", memberId).executeTakeFirstOrThrow();
    const lots = await tx.selectFrom("plugin_membership.points_lots")
      .select((eb) => eb.fn.coalesce(eb.fn.sum<string>("remaining"), eb.lit(0)).as("sum"))
      .where("member_id", "=", memberId).executeTakeFirstOrThrow();
    return { account: account?.balance ?? 0, ledgerSum: Number(ledger.sum), lotsRemaining: Number(lots.sum) };
  }, district);
}

/** Asserts the three agree and equal `balance`. */
export async function assertBalance(bed: MembershipTestBed, memberId: string, balance: number): Promise<void> {
  assert.deepEqual(await ledgerState(bed, memberId), { account: balance, ledgerSum: balance, lotsRemaining: balance });
}

/** A POS system of the district: an API key that sends events, as stores' tills do. */
export async function posOf(bed: MembershipTestBed): Promise<TestClient> {
  const operator = await bed.signIn("operator_admin");
  const key = await operator.post("/api/v1/api-keys", { name: "POS", permissions: ["events:write"] });
  assert.equal(key.status, 201, await key.clone().text());
  return new TestClient(bed.app.app, (await key.json()).token);
}

export interface SaleInput {
  id?: string;
  storeId: string;
  receiptId: string;
  amountFen: number;
  paymentMethod?: string;
  memberId?: string;
  channel?: "offline" | "online";
  refund?: boolean;
  refundOf?: string;
  items?: { category?: string; quantity: number; amountFen: number }[];
  at?: string;
}

/** Sends sales through the data center and hands the resulting events to the plugin's handlers. */
export async function sendSales(bed: MembershipTestBed, pos: TestClient, sales: SaleInput[]): Promise<void> {
  const sent = await pos.post("/api/v1/events", {
    events: sales.map((sale) => ({
      type: "sale",
      id: sale.id ?? crypto.randomUUID(),
      paymentMethod: "wechat",
      at: new Date().toISOString(),
      ...sale,
    })),
  });
  assert.equal(sent.status, 200, await sent.clone().text());
  await bed.deliverEvents();
}

/**
 * A browser signed in as the member: the H5 pages' cookie (the member area's session, issued directly), so the
 * pages and the member's routes are reached as a phone reaches them.
 */
export async function memberBrowser(bed: MembershipTestBed, member: TestMember): Promise<TestClient> {
  const { token } = await bed.inDistrict((tx) => issueMemberSession(tx, bed.districts.home, member.id));
  const browser = new TestClient(bed.app.app);
  browser.cookie = `${memberCookieName("home")}=${token}`;
  return browser;
}

/** The member's points as the member reads them. */
export async function myPoints(
  bed: MembershipTestBed,
  member: TestMember,
): Promise<{ balance: number; items: { kind: string; points: number }[] }> {
  const browser = await memberBrowser(bed, member);
  const res = await browser.get(`${base}/public/home/me/points?pageSize=100`);
  assert.equal(res.status, 200, await res.clone().text());
  return await res.json();
}
