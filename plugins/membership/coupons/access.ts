/** Whose coupons a staff request acts on: a store user's (or store-scoped key's) own store, or the whole district. */
import { membershipOf } from "../context.ts";

/** The store a store user or store-scoped API key belongs to; undefined for the operator's people. */
export function storeScope(c: Parameters<typeof membershipOf>[0]): string | undefined {
  return membershipOf(c).principal?.organisationId;
}
