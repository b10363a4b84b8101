/** Who is making a request, in which district and store, and what they may do. */
import type { Role } from "./permissions.ts";

interface PrincipalBase {
  /** "user:<account id>" or "apikey:<key id>", as written in audit entries. */
  actor: string;
  permissions: ReadonlySet<string>;
  /** The district the principal acts in; absent for platform admins and bureau officers. */
  tenantId?: string;
  /** Set for store users and store-scoped keys: they see only this store. */
  organisationId?: string;
}

export interface UserPrincipal extends PrincipalBase {
  kind: "user";
  accountId: string;
  login: string;
  displayName: string;
  roles: Role[];
  bureauId?: string;
  sessionTokenHash: string;
  csrfToken: string;
  /** Other districts this account belongs to (to switch between them). */
  tenants: { id: string; slug: string; nameZh: string; nameEn: string; role: Role }[];
}

export interface ApiKeyPrincipal extends PrincipalBase {
  kind: "apiKey";
  keyId: string;
  tenantId: string;
  name: string;
}

export type Principal = UserPrincipal | ApiKeyPrincipal;

export function can(principal: Principal | undefined, permission: string): boolean {
  return principal?.permissions.has(permission) ?? false;
}
