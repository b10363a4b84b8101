/** What the coupons tests share: making templates through the API and reading coupons as they are stored. */
import assert from "node:assert/strict";
import type { TestClient } from "../../../tests/support/http.ts";
import { base, type MembershipTestBed, type TestMember } from "../test-support.ts";
import { issueCoupon } from "./issue.ts";

export const coupons = `${base}/coupons`;

/** ¥20 off a purchase of ¥100 or more, valid 30 days from issue, claimable online, one per member. */
export const TWENTY_OFF = {
  title: "满100减20",
  kind: "amount",
  amountOffFen: 2000,
  minSpendFen: 10_000,
  validDays: 30,
  claimable: true,
} as const;

export interface CreatedTemplate {
  id: string;
  ownerStoreId: string | null;
  storeIds: string[];
  status: string;
}

export async function createTemplate(
  staff: TestClient,
  input: Record<string, unknown> = TWENTY_OFF,
): Promise<CreatedTemplate> {
  const res = await staff.post(`${coupons}/templates`, input);
  assert.equal(res.status, 201, await res.clone().text());
  return await res.json();
}

/** Claims the template for the member with a fresh key; returns the coupon (with its full code). */
export async function claim(
  member: TestMember,
  templateId: string,
  key: string = crypto.randomUUID(),
  district: "home" | "other" = "home",
): Promise<{ status: number; body: { id: string; code: string; [k: string]: unknown } }> {
  const res = await member.client.post(`${base}/public/${district}/coupons/${templateId}/claims`, {
    idempotencyKey: key,
  });
  return { status: res.status, body: await res.json() };
}

/** The coupon rows of the district as stored. */
export function storedCoupons(bed: MembershipTestBed, district: "home" | "other" = "home") {
  return bed.inDistrict(
    (tx) => tx.selectFrom("plugin_membership.coupons").selectAll().orderBy("issued_at").orderBy("id").execute(),
    district,
  );
}

export function auditActions(bed: MembershipTestBed, prefix: string) {
  return bed.inDistrict((tx) =>
    tx.selectFrom("core.audit_log").select(["action", "target", "details"]).where("action", "like", `${prefix}%`)
      .orderBy("seq").execute()
  );
}

/** Issues a coupon straight through the issuing function (as the birthday job or a survey would). */
export function giveCoupon(
  bed: MembershipTestBed,
  templateId: string,
  memberId: string,
  source: "manual" | "survey" | "birthday" = "manual",
  district: "home" | "other" = "home",
) {
  return bed.inDistrict(
    (tx) =>
      issueCoupon(tx, bed.districts[district], {
        templateId,
        memberId,
        source,
        idempotencyKey: crypto.randomUUID(),
        actor: "system:test",
      }),
    district,
  );
}
