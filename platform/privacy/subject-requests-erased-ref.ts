/**
 * What an erased subject's id becomes in the records the law makes us keep (consent decisions, the request log):
 * a one-way digest of tenant and subject id. The records can no longer be read back to a person, yet when the
 * same person comes back with their id (a dispute: "you messaged me after I withdrew") the operator can compute
 * the digest and find the proof. The tenant is part of the input, so the same id in two districts gives two
 * references that cannot be joined.
 *
 * Subject ids are opaque, high-entropy ids (member UUIDs), which is what makes an unkeyed digest enough; a subject
 * id guessable from a small space (a phone number) would need a keyed digest, i.e. the blind index.
 */
import { sql } from "kysely";
import type { TenantTx } from "../db/tenant.ts";

export const ERASED_PREFIX = "erased:";

export async function erasedSubjectRef(tx: TenantTx, subjectId: string): Promise<string> {
  const { rows } = await sql<{ tenant: string | null }>`select core.current_tenant_id()::text as tenant`.execute(tx);
  const tenant = rows[0]?.tenant;
  if (!tenant) throw new Error("erasedSubjectRef must run inside withTenant");
  return erasedSubjectRefFor(tenant, subjectId);
}

export async function erasedSubjectRefFor(tenantId: string, subjectId: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(`district-platform/erased-subject\u0000${tenantId}\u0000${subjectId}`),
  );
  const hex = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
  return `${ERASED_PREFIX}${hex}`;
}
