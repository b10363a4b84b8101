/**
 * Approving a store application, all in one tenant transaction: the store organisation, the owner's invited
 * account with membership and invitation (inviteInTransaction), the application marked approved with the
 * invitation token kept encrypted for the applicant's status page, and the audit entry. Anything failing
 * leaves nothing behind.
 */
import type { Kysely } from "kysely";
import { appendAudit } from "../../audit/audit-log.ts";
import { storeApproved } from "../../events/catalogue.ts";
import { publishEvent } from "../../events/publish.ts";
import type { CoreDatabase } from "../../db/schema.ts";
import { withTenant } from "../../db/tenant.ts";
import { uuidv7 } from "../../ids.ts";
import type { TenantKeyStore } from "../../privacy/pii.ts";
import type { Principal } from "../principal.ts";
import { IdentityRequestError, inviteInTransaction } from "../users.ts";
import { loginTaken, STORE_CREDIT_CODE_KEY, storeExists } from "./availability.ts";
import { lockPendingApplication } from "./decision.ts";
import { sealInvitationToken } from "./invitation-seal.ts";
import { violatedUniqueConstraint } from "./unique-violation.ts";

const ACCOUNT_LOGIN_KEY = "accounts_login_key";

/** The owner's display name until they change it: from the store, so the contact's name stays encrypted only. */
function ownerDisplayName(storeName: string): string {
  return `${[...storeName].slice(0, 56).join("")} 店主`;
}

export async function approveApplication(
  db: Kysely<CoreDatabase>,
  keys: TenantKeyStore,
  principal: Principal & { tenantId: string },
  applicationId: string,
): Promise<{ organisationId: string; invitationToken: string }> {
  const tenantId = principal.tenantId;
  try {
    return await withTenant(db, tenantId, async (tx) => {
      const application = await lockPendingApplication(tx, applicationId);
      const clash = await tx.selectFrom("core.organisations").select("id")
        .where("credit_code", "=", application.credit_code).executeTakeFirst();
      if (clash) throw storeExists();
      const organisationId = uuidv7();
      await tx.insertInto("core.organisations").values({
        tenant_id: tenantId,
        id: organisationId,
        kind: "store",
        name: application.store_name,
        credit_code: application.credit_code,
        category: application.category,
        floor: application.floor,
        unit: application.unit,
        area_m2: application.area_m2,
        staff_count: application.staff_count,
      }).execute();
      const invited = await inviteInTransaction(tx, tenantId, {
        login: application.owner_login,
        displayName: ownerDisplayName(application.store_name),
        role: "store_owner",
        organisationId,
        createdBy: principal.actor,
      }).catch((error) => {
        if (error instanceof IdentityRequestError && error.field === "login") {
          throw new IdentityRequestError("ownerLogin", `the owner's login: ${error.message}`, error.status);
        }
        throw error;
      });
      const invitation = await tx.selectFrom("core.invitations").select("id")
        .where("account_id", "=", invited.accountId).orderBy("created_at", "desc").executeTakeFirstOrThrow();
      const cipher = await keys.fieldCipher(tx);
      await tx.updateTable("core.store_applications").set({
        status: "approved",
        decided_at: new Date(),
        decided_by: principal.actor,
        organisation_id: organisationId,
        owner_account_id: invited.accountId,
        invitation_id: invitation.id,
        invitation_token_enc: await sealInvitationToken(cipher, invited.invitationToken),
      }).where("id", "=", applicationId).execute();
      // Plugins learn of the new store once this transaction commits (the outbox delivers it).
      await publishEvent(tx, storeApproved, {
        storeId: organisationId,
        name: application.store_name,
        category: application.category,
        creditCode: application.credit_code,
      }, principal.actor);
      await appendAudit(tx, {
        actor: principal.actor,
        action: "store-application.approve",
        target: `store-application:${applicationId}`,
        details: { organisationId, storeName: application.store_name, ownerAccountId: invited.accountId },
      });
      return { organisationId, invitationToken: invited.invitationToken };
    });
  } catch (error) {
    const constraint = violatedUniqueConstraint(error);
    if (constraint === STORE_CREDIT_CODE_KEY) throw storeExists();
    if (constraint === ACCOUNT_LOGIN_KEY) throw loginTaken();
    throw error;
  }
}
