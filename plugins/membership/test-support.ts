/**
 * The membership plugin's test bed: the plugin test bed (two districts, "home" with the plugin on) plus members
 * joined directly through the plugin's own functions, and clients signed in as those members.
 */
import { TestClient } from "../../tests/support/http.ts";
import { type PluginTestBed, pluginTestBed } from "../../tests/support/plugin-test-bed.ts";
import type { MembershipTx } from "./context.ts";
import { issueMemberSession } from "./members/member-auth.ts";
import { joinDistrict } from "./members/members.ts";
import plugin from "./plugin.ts";

export const base = "/api/v1/plugins/membership";

export interface TestMember {
  id: string;
  memberNo: string;
  memberRef: string;
  /** A client sending the member's session token, as an app would. */
  client: TestClient;
}

export interface MembershipTestBed extends PluginTestBed {
  /** Joins the district as a member (and the store's, if given), signed in. */
  join(mobile: string, options?: { district?: "home" | "other"; storeId?: string }): Promise<TestMember>;
  /** Runs `fn` in the district's transaction, typed with the plugin's tables. */
  inDistrict<T>(fn: (tx: MembershipTx) => Promise<T>, district?: "home" | "other"): Promise<T>;
}

export async function membershipTestBed(options: { config?: unknown } = {}): Promise<MembershipTestBed> {
  const bed = await pluginTestBed(plugin, options);
  const inDistrict = <T>(fn: (tx: MembershipTx) => Promise<T>, district: "home" | "other" = "home") =>
    bed.withTenant(bed.database.db, bed.districts[district], (tx) => fn(tx as unknown as MembershipTx));
  return Object.assign(bed, {
    inDistrict,
    join: (mobile: string, { district = "home", storeId }: { district?: "home" | "other"; storeId?: string } = {}) =>
      inDistrict(async (tx) => {
        const tenantId = bed.districts[district];
        const cipher = await bed.app.keys.fieldCipher(tx as never);
        const { member } = await joinDistrict(tx, tenantId, cipher, { mobile, channel: "h5", storeId });
        const { token } = await issueMemberSession(tx, tenantId, member.id);
        return {
          id: member.id,
          memberNo: member.memberNo,
          memberRef: member.memberRef,
          client: new TestClient(bed.app.app, token),
        };
      }, district),
  });
}
