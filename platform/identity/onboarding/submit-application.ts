/**
 * A store applies to a district, before it has any account. The contact's name and mobile are encrypted with the
 * district's data key (and the mobile blind-indexed) in the same transaction that stores the application, and the
 * submission is audited in the district's chain. The applicant gets a status token; only its hash is kept.
 */
import type { Kysely } from "kysely";
import { appendAudit } from "../../audit/audit-log.ts";
import type { CoreDatabase } from "../../db/schema.ts";
import { withTenant } from "../../db/tenant.ts";
import { uuidv7 } from "../../ids.ts";
import type { TenantKeyStore } from "../../privacy/pii.ts";
import { IdentityRequestError } from "../users.ts";
import type { ApplicationInput } from "./application-input.ts";
import {
  applicationPending,
  assertCreditCodeFree,
  assertOwnerLoginFree,
  PENDING_CREDIT_CODE_INDEX,
} from "./availability.ts";
import { findActiveDistrict } from "./district-directory.ts";
import { makeStatusToken } from "./status-token.ts";
import { violatedUniqueConstraint } from "./unique-violation.ts";

/** The actor of what anonymous applicants do, in audit entries. */
export const REGISTRATION_ACTOR = "public:registration";

export async function submitApplication(
  db: Kysely<CoreDatabase>,
  keys: TenantKeyStore,
  districtSlug: string,
  input: ApplicationInput,
): Promise<{ applicationId: string; statusToken: string }> {
  const district = await findActiveDistrict(db, districtSlug);
  if (!district) throw new IdentityRequestError("district", "there is no such district taking applications", 404);
  const applicationId = uuidv7();
  const status = makeStatusToken(district.tenantId, applicationId);
  try {
    await withTenant(db, district.tenantId, async (tx) => {
      await assertCreditCodeFree(tx, input.creditCode);
      await assertOwnerLoginFree(tx, input.ownerLogin);
      const cipher = await keys.fieldCipher(tx);
      await tx.insertInto("core.store_applications").values({
        tenant_id: district.tenantId,
        id: applicationId,
        store_name: input.storeName,
        credit_code: input.creditCode,
        category: input.category,
        floor: input.floor,
        unit: input.unit,
        area_m2: input.areaM2,
        staff_count: input.staffCount,
        contact_name_enc: await cipher.encrypt("name", input.contactName),
        contact_mobile_enc: await cipher.encrypt("phone", input.contactMobile),
        contact_mobile_index: await cipher.blindIndex("phone", input.contactMobile),
        owner_login: input.ownerLogin,
        status_token_hash: status.hash,
      }).execute();
      // The details name the store, never the contact person.
      await appendAudit(tx, {
        actor: REGISTRATION_ACTOR,
        action: "store-application.submit",
        target: `store-application:${applicationId}`,
        details: { storeName: input.storeName, creditCode: input.creditCode, category: input.category },
      });
    });
  } catch (error) {
    // Two applications with one credit code at the same moment: the partial unique index lets one through.
    if (violatedUniqueConstraint(error) === PENDING_CREDIT_CODE_INDEX) throw applicationPending();
    throw error;
  }
  return { applicationId, statusToken: status.token };
}
